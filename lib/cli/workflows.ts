import { ApiClient } from './client.js';
import { parseDefinition } from './processes.js';
import type { ApprovalInfo, AttachmentView, CleanupReport, CleanupStats, Names, WorkflowIntrospection, WorkflowSummary } from '../engine/workflows/views.js';

/**
 * `automations workflows …`, `attachments …` and `decide …`: approval workflows (docs/workflows.md)
 * over the HTTP API. The API token acts as an operator of the tenant named by --tenant (the
 * X-Tenant header); --user <dev user> acts as that development user, with a token from the local
 * stack's /auth/dev-token, and --token as whoever the token names.
 */

interface Out {
  out: (text: string) => void;
}

export interface WorkflowFlags {
  json: boolean;
  tenant?: string;
  user?: string;
  type?: string;
  id?: string;
  metadata?: string;
  restart?: boolean;
  /** attach only: start later with `attachments start`. */
  noStart?: boolean;
  workflow?: string;
  status?: string;
  reason?: string;
  to?: string;
  stage?: string;
  values?: string;
  days?: string;
  stats?: boolean;
  dryRun?: boolean;
}

interface WorkflowDetail extends WorkflowSummary {
  versions: number[];
  introspection: WorkflowIntrospection;
}

export type { AttachmentView };
const enc = encodeURIComponent;
/** An ISO instant of the API, shown to the second. */
const time = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');
const nameOf = (n: Names | undefined) => (n ? (n.en ?? Object.values(n)[0] ?? '') : '');
const who = (a: ApprovalInfo) => `${a.who} (${a.strategy}${a.type === 'approve' ? '' : `, ${a.type}`}${a.form ? ', form' : ''})`;

function parseObject(text: string | undefined, what: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** The client to act with: the API token (operator of --tenant), or a development user's token (--user). */
export async function actingClient(api: ApiClient, flags: Pick<WorkflowFlags, 'user' | 'tenant'>, fetchImpl: typeof fetch = fetch): Promise<{ api: ApiClient; headers: Record<string, string> }> {
  if (flags.user) {
    if (flags.tenant) throw new Error('--tenant is for the API token (an operator); a user acts in the tenant of their token');
    const { token } = await api.request<{ token: string }>('POST', '/auth/dev-token', { user: flags.user });
    return { api: new ApiClient({ ...api.connection, token }, fetchImpl), headers: {} };
  }
  return { api, headers: flags.tenant ? { 'x-tenant': flags.tenant } : {} };
}

function formatSummary(w: WorkflowSummary): string {
  return `${w.slug}  v${w.version}  ${w.strategy}${w.active ? '' : '  [inactive]'}  — ${nameOf(w.name)}`;
}

function formatDetail(w: WorkflowDetail): string {
  const lines = [
    `${w.slug}  version ${w.version} (versions ${w.versions.join(', ')})  ${w.strategy}${w.active ? '' : '  [inactive]'}  — ${nameOf(w.name)}`,
    `  tenant    ${w.tenant}`,
    `  saved     ${time(w.savedAt)}${w.savedBy ? ` by ${w.savedBy}` : ''}`,
    `  units     ${w.introspection.counts.units}, approvals ${w.introspection.counts.approvals}`,
  ];
  for (const a of w.introspection.approvals) lines.push(`  approval  ${who(a)}`);
  for (const p of w.introspection.pipelines) {
    lines.push(`  pipeline  ${p.id} — ${nameOf(p.name)}${p.approvals.length ? `: ${p.approvals.map(who).join('; ')}` : ''}`);
    for (const s of p.stages) lines.push(`    stage   ${s.id} — ${nameOf(s.name)}: ${s.approvals.map(who).join('; ')}`);
  }
  return lines.join('\n');
}

export function formatAttachment(a: AttachmentView): string {
  const lines = [
    `${a.id}  ${a.workflow} v${a.version}  ${a.object.type} ${a.object.id}: ${a.status}${a.error ? ` (error: ${a.error})` : ''}`,
    `  ${a.startedAt ? `started   ${time(a.startedAt)}` : `attached  ${time(a.attachedAt)} (not started)`} by ${a.startedBy}${a.finishedAt ? `    finished ${time(a.finishedAt)}${a.finishedBy ? ` by ${a.finishedBy}` : ''}` : ''}`,
    `  progress  ${a.progress.toFixed(0)}% (${a.completedUnits}/${a.totalUnits})${a.currentStage ? `  stage ${a.currentStage.id}` : ''}${a.currentPipeline ? `  pipeline ${a.currentPipeline.id}` : ''}${a.nextStage ? `  next ${a.nextStage.id}` : ''}`,
  ];
  if (a.waitingFor) {
    const w = a.waitingFor;
    const items = w.items.map((i) => (i.user ? `${i.user}${i.onBehalfOf ? ` (for ${i.onBehalfOf})` : ''}` : `${i.group} [${(i.members ?? []).join(', ')}]`));
    lines.push(`  waiting   ${w.step} (${w.type}, ${w.strategy}, ${w.approvals}/${w.required}): ${items.join(', ')}`);
  }
  if (Object.keys(a.metadata).length) lines.push(`  metadata  ${JSON.stringify(a.metadata)}`);
  if (a.replacedBy) lines.push(`  replaced by ${a.replacedBy}`);
  if (a.restartedFrom) lines.push(`  restarted from ${a.restartedFrom}`);
  lines.push('  timeline');
  for (const t of a.timeline) {
    const detail = [t.step ?? t.unit, t.by ? `by ${t.by}` : undefined, t.to ? `to ${t.to}` : undefined, t.reason ? `"${t.reason}"` : undefined].filter(Boolean).join(' ');
    lines.push(`    ${time(t.at)}  ${t.type.padEnd(11)} ${detail}`);
  }
  return lines.join('\n');
}

const attachmentLine = (a: AttachmentView) =>
  `${a.id}  ${a.workflow} v${a.version}  ${a.object.type} ${a.object.id}  ${a.status.padEnd(10)}  ${a.currentStage?.id ?? (a.status === 'inProgress' ? a.waitingFor?.step ?? '' : '')}  ${time(a.startedAt ?? a.attachedAt)}`;

export async function workflowCommand(base: ApiClient, args: readonly string[], flags: WorkflowFlags, io: Out, readFile: (path: string) => string, fetchImpl?: typeof fetch): Promise<number> {
  const [sub, target] = args;
  const { api, headers } = await actingClient(base, flags, fetchImpl);
  const call = <T>(method: string, path: string, body?: unknown) => api.request<T>(method, path, body, headers);
  const print = (value: unknown, text: () => string) => io.out(flags.json ? JSON.stringify(value, null, 2) : text());
  const need = (usage: string): string => {
    if (!target) throw new Error(`Usage: automations workflows ${usage}`);
    return target;
  };
  switch (sub) {
    case 'apply': {
      const file = need('apply <file.json|file.yaml>');
      const doc = parseDefinition(file, readFile(file));
      if (typeof doc.slug !== 'string' || doc.slug === '') throw new Error(`${file} must name the workflow ("slug": …)`);
      const { workflow } = await call<{ workflow: { slug: string; tenant: string; version: number } }>('PUT', `/workflows/${enc(doc.slug)}`, doc);
      print(workflow, () => `${workflow.slug}: saved version ${workflow.version} (tenant ${workflow.tenant})`);
      return 0;
    }
    case 'list': {
      const { workflows } = await call<{ workflows: WorkflowSummary[] }>('GET', '/workflows');
      print(workflows, () => workflows.map(formatSummary).join('\n') || 'No workflows.');
      return 0;
    }
    case 'show': {
      const { workflow } = await call<{ workflow: WorkflowDetail }>('GET', `/workflows/${enc(need('show <slug>'))}`);
      print(workflow, () => formatDetail(workflow));
      return 0;
    }
    case 'activate':
    case 'deactivate': {
      const { workflow } = await call<{ workflow: WorkflowSummary }>('POST', `/workflows/${enc(need(`${sub} <slug>`))}/${sub}`);
      print(workflow, () => formatSummary(workflow));
      return 0;
    }
    case 'attach': {
      const slug = need('attach <slug> --type <T> --id <ID> [--metadata JSON] [--restart] [--no-start]');
      if (!flags.type || !flags.id) throw new Error('Usage: automations workflows attach <slug> --type <T> --id <ID> [--metadata JSON] [--restart] [--no-start]');
      const metadata = parseObject(flags.metadata, '--metadata');
      const { attachment } = await call<{ attachment: AttachmentView }>('POST', `/workflows/${enc(slug)}/attachments`, {
        object: { type: flags.type, id: flags.id }, ...(metadata ? { metadata } : {}), ...(flags.restart ? { restart: true } : {}), ...(flags.noStart ? { start: false } : {}),
      });
      print(attachment, () => formatAttachment(attachment));
      return 0;
    }
    case 'cleanup': {
      if (flags.stats) {
        const stats = await call<CleanupStats>('GET', '/workflows-cleanup');
        print(stats, () => [
          `attachments  ${Object.entries(stats.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}`,
          `finished more than 30 days ago ${stats.finishedOlderThan.days30}, 90 days ${stats.finishedOlderThan.days90}, 365 days ${stats.finishedOlderThan.days365}`,
          stats.recommendation,
        ].join('\n'));
        return 0;
      }
      const days = flags.days === undefined ? 30 : Number(flags.days);
      if (flags.days !== undefined && (flags.days.trim() === '' || !Number.isFinite(days) || days < 0)) throw new Error('--days must be a non-negative number');
      const report = await call<CleanupReport>('POST', '/workflows-cleanup', {
        days, dryRun: flags.dryRun === true, ...(flags.status ? { status: flags.status } : {}),
      });
      print(report, () => [
        report.dryRun
          ? `Would delete ${report.matched.length} attachment${report.matched.length === 1 ? '' : 's'} finished more than ${days} days ago (dry run: nothing deleted).`
          : `Deleted ${report.deleted} attachment${report.deleted === 1 ? '' : 's'} finished more than ${days} days ago, with their history.`,
        ...report.matched.map((m) => `  ${m.id}  ${m.workflow}  ${m.status}  ${time(m.finishedAt)}`),
      ].join('\n'));
      return 0;
    }
    default:
      throw new Error('Usage: automations workflows apply|list|show|activate|deactivate|attach|cleanup …');
  }
}

export async function attachmentCommand(base: ApiClient, args: readonly string[], flags: WorkflowFlags, io: Out, fetchImpl?: typeof fetch): Promise<number> {
  const [sub, id] = args;
  const { api, headers } = await actingClient(base, flags, fetchImpl);
  const print = (value: unknown, text: () => string) => io.out(flags.json ? JSON.stringify(value, null, 2) : text());
  switch (sub) {
    case 'list': {
      const query = new URLSearchParams({ ...(flags.workflow ? { workflow: flags.workflow } : {}), ...(flags.status ? { status: flags.status } : {}) });
      const { attachments } = await api.request<{ attachments: AttachmentView[] }>('GET', `/attachments${query.size ? `?${query}` : ''}`, undefined, headers);
      print(attachments, () => attachments.map(attachmentLine).join('\n') || 'No attachments.');
      return 0;
    }
    case 'show': {
      if (!id) throw new Error('Usage: automations attachments show <id>');
      const { attachment } = await api.request<{ attachment: AttachmentView }>('GET', `/attachments/${enc(id)}`, undefined, headers);
      print(attachment, () => formatAttachment(attachment));
      return 0;
    }
    case 'start': {
      if (!id) throw new Error('Usage: automations attachments start <id>');
      const { attachment } = await api.request<{ attachment: AttachmentView }>('POST', `/attachments/${enc(id)}/start`, {}, headers);
      print(attachment, () => formatAttachment(attachment));
      return 0;
    }
    case 'cancel': {
      if (!id) throw new Error('Usage: automations attachments cancel <id> [--reason <text>]');
      const { attachment } = await api.request<{ attachment: AttachmentView }>('POST', `/attachments/${enc(id)}/cancel`, flags.reason ? { reason: flags.reason } : {}, headers);
      print(attachment, () => formatAttachment(attachment));
      return 0;
    }
    default:
      throw new Error('Usage: automations attachments list [--workflow <slug>] [--status <s>] | show <id> | start <id> | cancel <id>');
  }
}

const DECISIONS = ['approve', 'reject', 'delegate', 'resubmit'] as const;

export async function decideCommand(base: ApiClient, args: readonly string[], flags: WorkflowFlags, io: Out, fetchImpl?: typeof fetch): Promise<number> {
  const [id, action] = args;
  if (!id || !action) throw new Error('Usage: automations decide <attachment> approve|reject|delegate|resubmit [--reason] [--to] [--stage] [--values JSON] [--user <dev user>]');
  if (!(DECISIONS as readonly string[]).includes(action)) throw new Error(`"${action}" is not a decision: approve, reject, delegate or resubmit`);
  const values = parseObject(flags.values, '--values');
  const { api, headers } = await actingClient(base, flags, fetchImpl);
  const out = await api.request<{ effect: { kind: string }; attachment: AttachmentView }>('POST', `/attachments/${enc(id)}/decisions`, {
    action, ...(flags.reason !== undefined ? { reason: flags.reason } : {}), ...(flags.to ? { to: flags.to } : {}), ...(flags.stage ? { stage: flags.stage } : {}), ...(values ? { values } : {}),
  }, headers);
  io.out(flags.json ? JSON.stringify(out, null, 2) : `${action}: ${out.effect.kind}\n${formatAttachment(out.attachment)}`);
  return 0;
}
