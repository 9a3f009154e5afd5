import { parseArgs } from 'node:util';
import { ENV } from '../aws/env.js';
import { signWebhook } from '../app/webhook-signature.js';
import { ApiClient, ApiError, resolveConnection } from './client.js';
import { jobCommand, processCommand } from './processes.js';
import { attachmentCommand, decideCommand, workflowCommand, type WorkflowFlags } from './workflows.js';
import { ProgressBar } from './progress.js';
import { COMMANDS, commandHelp, unknownCommand, USAGE } from './commands.js';

export interface CliIO {
  out: (text: string) => void;
  err: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}


function parseData(text: string | undefined, readFile: (path: string) => string): Record<string, unknown> {
  if (text === undefined || text === '') return {};
  const source = text.startsWith('@') ? readFile(text.slice(1)) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new Error(`The data is not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('The data must be a JSON object');
  return value as Record<string, unknown>;
}

function formatProblem(d: unknown): string {
  if (d && typeof d === 'object' && 'message' in d) {
    const { path, message } = d as { path?: unknown; message: unknown };
    return `${typeof path === 'string' && path ? `${path}: ` : ''}${String(message)}`;
  }
  return String(d);
}

const time = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

interface InstanceView {
  id: string;
  automation: string;
  status: string;
  version: number;
  created: string;
  updated: string;
  finishedAt: string | null;
  dueAt: string | null;
  data: unknown;
  error: { node: string; message: string } | null;
  current: { path: number; node: string; task: number | null; waiting: string | null }[];
  tasks: { seq: number; node: string; created: string; finished: string | null; message: string | null }[];
  diagram: string;
}

interface DeliveryView {
  id: string;
  key: string;
  status: 'pending' | 'applied' | 'dead';
  attempts: number;
  lastError: string | null;
  updatedAt: string;
  nextAttemptAt: string | null;
}

function formatStatus(view: InstanceView): string {
  const lines = [
    `${view.automation} ${view.id}: ${view.status} (version ${view.version})`,
    `  created   ${time(view.created)}    updated ${time(view.updated)}`,
    `  due       ${time(view.dueAt)}${view.finishedAt ? `    finished ${time(view.finishedAt)}` : ''}`,
    `  at        ${view.current.map((c) => `${c.node}${c.task === null ? '' : ` (task ${c.task})`}${c.waiting ? ` [${c.waiting}]` : ''}`).join(', ') || '—'}`,
  ];
  if (view.error) lines.push(`  error     ${view.error.node}: ${view.error.message}`);
  lines.push(`  data      ${JSON.stringify(view.data)}`, '  tasks');
  const width = Math.max(4, ...view.tasks.map((t) => t.node.length));
  for (const t of view.tasks) {
    lines.push(`    ${String(t.seq).padStart(3)}  ${t.node.padEnd(width)}  ${(t.message ?? 'open').padEnd(10)}  ${time(t.created)} → ${time(t.finished)}`);
  }
  return lines.join('\n');
}

/** Runs one CLI command; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO, readFile: (path: string) => string = () => ''): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      'token-value': { type: 'string' },
      automation: { type: 'string' },
      instance: { type: 'string' },
      key: { type: 'string' },
      create: { type: 'boolean' },
      'delivery-id': { type: 'string' },
      'dry-run': { type: 'boolean' },
      pending: { type: 'boolean' },
      force: { type: 'boolean' },
      batch: { type: 'string' },
      json: { type: 'boolean' },
      'secret-arn': { type: 'string' },
      'webhook-secret': { type: 'string' },
      process: { type: 'string' },
      status: { type: 'string' },
      wait: { type: 'boolean' },
      tenant: { type: 'string' },
      user: { type: 'string' },
      type: { type: 'string' },
      id: { type: 'string' },
      metadata: { type: 'string' },
      restart: { type: 'boolean' },
      'no-start': { type: 'boolean' },
      workflow: { type: 'string' },
      reason: { type: 'string' },
      to: { type: 'string' },
      stage: { type: 'string' },
      values: { type: 'string' },
      days: { type: 'string' },
      stats: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      flows: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  } catch (error) {
    // parseArgs names the option it does not know, or the one missing its value.
    io.err.write(`automations: ${(error as Error).message}\nRun automations --help for the options.\n`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (!command) {
    io.out(USAGE);
    return values.help ? 0 : 1;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    io.err.write(`${unknownCommand(command)}\n`);
    return 1;
  }
  if (values.help) {
    io.out(commandHelp(command));
    return 0;
  }
  const print = (value: unknown) => io.out(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  try {
    if (command === 'dev') {
      const { runDev } = await import('../local/dev.js');
      return await runDev({
        ...(values.flows ? { flows: values.flows } : {}),
        ...(values.port ? { port: Number(values.port) } : {}),
        ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
      }, io.env);
    }
    if (command === 'credentials') {
      const { loadSecrets } = await import('../aws/secrets.js');
      const arn = values['secret-arn'] ?? io.env[ENV.secretArn];
      const secrets = await loadSecrets(arn ? { ...io.env, [ENV.secretArn]: arn, [ENV.secret]: '' } : io.env);
      print(`AUTOMATIONS_TOKEN=${secrets.apiToken}\nAUTOMATIONS_WEBHOOK_SECRET=${secrets.webhookSecret}`);
      return 0;
    }
    const connection = resolveConnection({ ...(values.url ? { url: values.url } : {}), ...(values.token ? { token: values.token } : {}), ...(values['webhook-secret'] ? { webhookSecret: values['webhook-secret'] } : {}) }, io.env);
    const api = new ApiClient(connection, io.fetch ?? fetch);
    switch (command) {
      case 'list': {
        const { automations } = await api.request<{ automations: { name: string; verboseName: string; receivers: { message: string }[]; events: { name: string }[] }[] }>('GET', '/automations');
        if (values.json) return print(automations), 0;
        for (const a of automations) {
          io.out(`${a.name}  (${a.verboseName})`);
          if (a.receivers.length) io.out(`  messages: ${a.receivers.map((r) => r.message).join(', ')}`);
          if (a.events.length) io.out(`  events:   ${a.events.map((e) => e.name).join(', ')}`);
        }
        return 0;
      }
      case 'start': {
        const [automation, data] = args;
        if (!automation) throw new Error('Usage: automations start <automation> [data-json]');
        const started = await api.request<{ id: string; key: string; status: string; dueAt: string | null }>('POST', `/automations/${encodeURIComponent(automation)}/instances`, { data: parseData(data, readFile) });
        if (values.json) return print(started), 0;
        io.out(`${started.id}  ${started.status}${started.dueAt ? `, due ${time(started.dueAt)}` : ''}\nkey: ${started.key}`);
        return 0;
      }
      case 'send': {
        const token = values['token-value'];
        if (values.automation) {
          const [message, data] = args;
          if (!message) throw new Error('Usage: automations send --automation <automation> <message> [data-json] [--create]');
          const out = await api.request('POST', `/automations/${encodeURIComponent(values.automation)}/messages/${encodeURIComponent(message)}`, { data: parseData(data, readFile), mode: values.create ? 'create' : 'broadcast', ...(token ? { token } : {}) });
          return print(out), 0;
        }
        const [target, message, data] = args;
        if (!target || !message) throw new Error('Usage: automations send <id|key> <message> [data-json]');
        const path = target.includes('.') ? `/keys/${encodeURIComponent(target)}` : `/instances/${encodeURIComponent(target)}`;
        const out = await api.request('POST', `${path}/messages/${encodeURIComponent(message)}`, { data: parseData(data, readFile), ...(token ? { token } : {}) });
        return print(out), 0;
      }
      case 'status': {
        const [id] = args;
        if (!id) throw new Error('Usage: automations status <id>');
        const view = await api.request<InstanceView>('GET', `/instances/${encodeURIComponent(id)}`);
        return print(values.json ? view : formatStatus(view)), 0;
      }
      case 'step': {
        const [id] = args;
        const out = id ? await api.request('POST', `/instances/${encodeURIComponent(id)}/run`) : await api.request('POST', '/tick');
        return print(out), 0;
      }
      case 'delete-history': {
        const days = args[0] === undefined ? 30 : Number(args[0]);
        if (!Number.isFinite(days) || days < 0) throw new Error('days must be a non-negative number');
        const limit = values.batch ? Number(values.batch) : 100;
        type Page = { matched: number; deleted: number; cursor?: string };
        let total = 0;
        let cursor: string | undefined;
        do {
          const page: Page = await api.request<Page>('POST', '/history/delete', { days, dryRun: true, limit, ...(cursor ? { cursor } : {}) });
          total += page.matched;
          cursor = page.cursor;
        } while (cursor);
        if (values['dry-run']) {
          io.out(`Would delete ${total} instance${total === 1 ? '' : 's'} finished more than ${days} days ago (dry run: nothing deleted).`);
          return 0;
        }
        const bar = new ProgressBar(total, 'Deleting', io.err);
        let deleted = 0;
        bar.update(0);
        do {
          const page: Page = await api.request<Page>('POST', '/history/delete', { days, dryRun: false, limit, ...(cursor ? { cursor } : {}) });
          deleted += page.deleted;
          bar.update(Math.min(deleted, total));
          cursor = page.cursor;
        } while (cursor);
        bar.finish();
        io.out(`Deleted ${deleted} instance${deleted === 1 ? '' : 's'} finished more than ${days} days ago, with their history.`);
        return 0;
      }
      case 'diagram': {
        const [automation] = args;
        if (values.instance) {
          const view = await api.request<InstanceView>('GET', `/instances/${encodeURIComponent(values.instance)}`);
          return print(view.diagram), 0;
        }
        if (!automation) throw new Error('Usage: automations diagram <automation> [--instance <id>]');
        const { diagram } = await api.request<{ diagram: string }>('GET', `/automations/${encodeURIComponent(automation)}`);
        return print(diagram), 0;
      }
      case 'webhook': {
        const [automation, message, data] = args;
        if (!automation || !message) throw new Error('Usage: automations webhook <automation> <message> [data-json] [--instance <id>|--key <key>|--create]');
        if (!connection.webhookSecret) throw new Error('No webhook secret: pass --webhook-secret or set AUTOMATIONS_WEBHOOK_SECRET');
        const body = JSON.stringify({
          data: parseData(data, readFile),
          ...(values.instance ? { instance: values.instance } : {}),
          ...(values.key ? { key: values.key } : {}),
          ...(values.create ? { create: true } : {}),
          ...(values['delivery-id'] ? { deliveryId: values['delivery-id'] } : {}),
          ...(values['token-value'] ? { token: values['token-value'] } : {}),
        });
        const headers = signWebhook({ secret: connection.webhookSecret, automation, message, body });
        const out = await api.request('POST', `/webhooks/${encodeURIComponent(automation)}/${encodeURIComponent(message)}`, body, headers);
        return print(out), 0;
      }
      case 'deliveries': {
        const status = values.pending ? 'pending' : 'dead';
        const items: DeliveryView[] = [];
        for (let cursor: string | undefined, first = true; first || cursor; first = false) {
          const page = await api.request<{ items: DeliveryView[]; cursor?: string }>('GET', `/deliveries?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          items.push(...page.items);
          cursor = page.cursor;
        }
        if (values.json) return print(items), 0;
        if (items.length === 0) return io.out(`No ${status} deliveries.`), 0;
        for (const d of items) {
          io.out(`${d.id}  ${d.key}  ${d.attempts} attempt(s)  ${status === 'dead' ? `died ${time(d.updatedAt)}` : `next ${time(d.nextAttemptAt)}`}`);
          if (d.lastError) io.out(`    ${d.lastError}`);
        }
        return 0;
      }
      case 'redrive': {
        const [id] = args;
        if (!id) throw new Error('Usage: automations redrive <delivery id> [--force]  (ids: automations deliveries)');
        const d = await api.request<DeliveryView>('POST', `/deliveries/${encodeURIComponent(id)}/redrive`, values.force ? { force: true } : {});
        if (values.json) return print(d), 0;
        io.out(`${d.id}  ${d.key}: ${d.status}${d.lastError && d.status !== 'applied' ? ` (${d.lastError})` : ''}`);
        return d.status === 'dead' ? 2 : 0;
      }
      case 'processes':
        return await processCommand(api, args, { json: values.json === true, wait: values.wait === true }, io, readFile);
      case 'jobs':
        return await jobCommand(api, args, { json: values.json === true, ...(values.process ? { process: values.process } : {}), ...(values.status ? { status: values.status } : {}) }, io);
      case 'workflows':
      case 'attachments':
      case 'decide': {
        const flags: WorkflowFlags = { json: values.json === true, restart: values.restart === true, noStart: values['no-start'] === true, stats: values.stats === true, dryRun: values['dry-run'] === true };
        for (const key of ['tenant', 'user', 'type', 'id', 'metadata', 'workflow', 'status', 'reason', 'to', 'stage', 'values', 'days'] as const) {
          const value = values[key];
          if (value !== undefined) flags[key] = value;
        }
        if (!flags.tenant && !flags.user && io.env.AUTOMATIONS_TENANT) flags.tenant = io.env.AUTOMATIONS_TENANT;
        if (command === 'workflows') return await workflowCommand(api, args, flags, io, readFile, io.fetch);
        if (command === 'attachments') return await attachmentCommand(api, args, flags, io, io.fetch);
        return await decideCommand(api, args, flags, io, io.fetch);
      }
      default:
        throw new Error(`${command}: not handled (commands.ts lists it)`);
    }
  } catch (error) {
    if (error instanceof ApiError) {
      // A 422 lists every problem of the definition, each with where it is.
      const problems = Array.isArray(error.details) ? error.details.map(formatProblem) : [];
      io.err.write(`error ${error.status} ${error.code}: ${problems.length ? error.message.split('\n')[0] : error.message}\n`);
      for (const p of problems) io.err.write(`  - ${p}\n`);
      return 2;
    }
    const cause = (error as { cause?: { code?: string } }).cause;
    if (error instanceof TypeError && cause?.code === 'ECONNREFUSED') {
      io.err.write('error: the API does not answer: is `npm start` running (or AUTOMATIONS_URL right)?\n');
      return 1;
    }
    io.err.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
}
