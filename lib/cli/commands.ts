/**
 * The commands of `automations`, each with its help (`automations <command> --help`), the full
 * usage made of them, and the nearest command to a mistyped one.
 */
export const COMMANDS: Readonly<Record<string, string>> = {
  dev: `  dev [--flows <file>] [--port <n>] [--data-dir <dir>]
                                          the local stack serving your flows (default: src/flows/index.ts,
                                          else flows/index.ts; AUTOMATIONS_FLOWS), on DynamoDB Local (Java 17+)`,
  list: '  list                                    the automations, their receivers and event triggers',
  start: '  start <automation> [data-json]          start an instance (data as JSON, or @file.json)',
  send: `  send <id|key> <message> [data-json]     send a message to an instance (by id, or by its key)
  send --automation <A> <message> [data]  send to every running instance of A (--create: create-on-message)`,
  status: '  status <id> [--json]                    current nodes, data, due time and task history',
  step: '  step [id]                               run what is due now (one tick), or one instance',
  'delete-history': '  delete-history [days] [--dry-run]       delete instances finished more than days (30) ago, with progress',
  diagram: '  diagram <automation> [--instance <id>]  the flow as a Mermaid diagram (current nodes highlighted)',
  webhook: '  webhook <automation> <message> [data]   deliver a signed webhook (--instance/--key/--create, --delivery-id)',
  deliveries: '  deliveries [--pending] [--json]         dead-lettered webhook/event deliveries and why (--pending: not yet applied)',
  redrive: '  redrive <delivery> [--force]            re-drive a dead delivery now (--force: you checked it was never applied)',
  credentials: '  credentials [--secret-arn <arn>]        print the API token and webhook secret of a deployed stack',
  processes: `  processes apply <file.json|.yaml>       create a process or save a new version (every problem listed)
  processes list                          processes: schedule in words, next fire, last job
  processes show <name>                   definition, versions, next fire times, recent fires
  processes run <name> [--wait]           run now (--wait: until the job is finished or in error)
  processes diagram <name>                the process as a Mermaid diagram
  processes activate|deactivate|delete <name>`,
  jobs: `  jobs list [--process <name>] [--status <s>]   a process's jobs, or the unfinished jobs of all
  jobs show <id>                          tasks with status, times, what each waits for, errors
  jobs diagram <id>                       the job as a Mermaid diagram coloured by task status
  jobs cancel <id>                        cancel a job (initialized or error)
  jobs retry|force|cancel-task|reopen <id> <task>   an operator action on one task of a job`,
  workflows: `  workflows apply <file.json|.yaml>       save an approval workflow: a new version (every problem listed)
  workflows list | show <slug>            the tenant's workflows; one with its pipelines, stages, approvers
  workflows activate|deactivate <slug>
  workflows attach <slug> --type T --id ID [--metadata JSON] [--restart] [--no-start]   attach to an object and start (or only attach)
  workflows cleanup [--days 30] [--status rejected] [--dry-run]   delete finished attachments older than days
  workflows cleanup --stats               attachments by status and age, with a recommendation`,
  attachments: `  attachments list [--workflow <slug>] [--status <s>]   newest first
  attachments show|cancel <id>            status, stage, who must act, progress, timeline
  attachments start <id>                  start an attachment made with --no-start`,
  decide: `  decide <attachment> approve|reject|delegate|resubmit [--reason <text>] [--to <user>] [--stage <id>]
         [--values JSON]                  a decision as the acting user`,
};

const WORKFLOW_NOTE = `  Workflow commands act as an operator with the API token (--tenant <t>: X-Tenant, default "default"),
  as a development user of the local stack with --user <id> (a token from /auth/dev-token), or with --token.`;

const OPTIONS = `Options: --url <api> --token <token> (or AUTOMATIONS_URL / AUTOMATIONS_TOKEN; default: the local
stack started by \`automations dev\` or npm start in this folder), --token-value <t> (a message token), --json,
--help (with a command: that command's help)`;

const GROUPS: readonly (readonly string[])[] = [
  ['dev'],
  ['list', 'start', 'send', 'status', 'step', 'delete-history', 'diagram', 'webhook', 'deliveries', 'redrive', 'credentials'],
  ['processes', 'jobs'],
  ['workflows', 'attachments', 'decide'],
];

export const USAGE = [
  'automations <command> [options]',
  ...GROUPS.map((group) => group.map((name) => COMMANDS[name]).join('\n') + (group.includes('decide') ? `\n${WORKFLOW_NOTE}` : '')),
  OPTIONS,
].join('\n\n');

/** One command's help: its lines and the options every command takes. */
export function commandHelp(command: string): string {
  const lines = COMMANDS[command];
  if (lines === undefined) throw new Error(`No command ${command}`);
  const note = ['workflows', 'attachments', 'decide'].includes(command) ? `\n${WORKFLOW_NOTE}` : '';
  return `automations ${command}\n\n${lines}${note}\n\n${OPTIONS}`;
}

/** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The command nearest to a mistyped one (edit distance at most a third of its length, at least 2), if any. */
export function nearestCommand(typed: string): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of Object.keys(COMMANDS)) {
    const d = name.startsWith(typed) && typed.length >= 3 ? 0.5 : distance(typed, name);
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= Math.max(2, Math.floor(typed.length / 3)) ? best.name : undefined;
}

/** The message for a command that does not exist: names it, and the nearest if there is one. */
export function unknownCommand(typed: string): string {
  const near = nearestCommand(typed);
  return `automations: unknown command "${typed}".${near ? ` Did you mean "${near}"?` : ''} Run automations --help for the list.`;
}
