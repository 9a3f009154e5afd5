import { parse as parseYaml } from 'yaml';
import type { JobListItem, JobPage, ProcessListItem, ProcessPage } from '../engine/processes/views.js';
import type { ApiClient } from './client.js';

/** `automations processes …` and `automations jobs …`: processes, jobs and task actions over the HTTP API. */

interface Out {
  out: (text: string) => void;
}

type ProcessSummary = ProcessListItem;
type ProcessDetails = ProcessPage;
/** A job as listed, or as its page (with tasks and diagram). */
type Job = JobListItem & Partial<Pick<JobPage, 'updated' | 'finishedAt' | 'tasks' | 'diagram'>>;

const time = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');
const enc = encodeURIComponent;

/** A definition file: JSON (`.json`) or YAML (anything else; JSON is YAML too). */
export function parseDefinition(path: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`${path} is not valid ${path.toLowerCase().endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path} must hold one process definition (an object)`);
  return value as Record<string, unknown>;
}

function formatSummary(p: ProcessSummary): string {
  const next = p.nextFireTimes[0] ? `next ${time(p.nextFireTimes[0])}` : p.active ? 'on demand' : 'inactive';
  const last = p.lastJob ? `last job ${p.lastJob.status} (${p.lastJob.id})` : 'no job yet';
  return `${p.name}  v${p.version}${p.active ? '' : '  [inactive]'}\n  ${p.schedule ?? 'no schedule (runs on demand)'}; ${next}; ${last}`;
}

function formatDetails(p: ProcessDetails): string {
  const lines = [
    `${p.name}  version ${p.version}${p.active ? '' : '  [inactive]'}${p.description ? `  — ${p.description}` : ''}`,
    `  saved     ${time(p.savedAt)}${p.savedBy ? ` by ${p.savedBy}` : ''}`,
    `  schedule  ${p.schedule ?? 'none (on demand)'}`,
    `  next      ${p.nextFireTimes.map(time).join(', ') || '—'}`,
    `  last job  ${p.lastJob ? `${p.lastJob.id} ${p.lastJob.status}` : '—'}`,
    '  tasks',
  ];
  const width = Math.max(4, ...p.document.tasks.map((t) => t.name.length));
  for (const t of p.document.tasks) lines.push(`    ${t.name.padEnd(width)}  ${t.action}${t.after?.length ? `  after ${t.after.join(', ')}` : ''}`);
  lines.push(`  versions  ${p.versions.map((v) => `v${v.version} ${time(v.savedAt)}${v.savedBy ? ` (${v.savedBy})` : ''}`).join('; ')}`);
  if (p.fires) {
    lines.push(`  fires     ${p.fires.started} started, ${p.fires.skipped} skipped, ${p.fires.missed} missed`);
    for (const f of p.fires.recent.slice(-5)) lines.push(`    ${time(f.fireTime)}  ${f.outcome}${f.job ? `  ${f.job}` : ''}${f.reason ? `  (${f.reason})` : ''}`);
  }
  return lines.join('\n');
}

export function formatJob(job: Job): string {
  const lines = [`${job.process} v${job.version}  job ${job.id}: ${job.status}  (${job.trigger}${job.fireTime ? ` for ${time(job.fireTime)}` : ''}, created ${time(job.created)})`];
  const tasks = job.tasks ?? [];
  const width = Math.max(4, ...tasks.map((t) => t.name.length));
  for (const t of tasks) {
    let line = `  ${t.name.padEnd(width)}  ${t.status.padEnd(9)}  ${time(t.started)} → ${time(t.finished)}`;
    if (t.waitingFor.length) line += `  waits for ${t.waitingFor.join(', ')}`;
    if (t.attempts > 1) line += `  (${t.attempts} attempts)`;
    if (t.actions.length) line += `  [${t.actions.join(', ')}]`;
    lines.push(line);
    if (t.error) lines.push(`  ${' '.repeat(width)}  ${t.error.name}: ${t.error.message}`);
  }
  return lines.join('\n');
}

const JOB_ACTIONS: Record<string, string> = { retry: 'retry', force: 'force', 'cancel-task': 'cancel', reopen: 'reopen' };

export async function processCommand(api: ApiClient, args: readonly string[], flags: { json: boolean; wait: boolean }, io: Out, readFile: (path: string) => string): Promise<number> {
  const [sub, target] = args;
  const print = (value: unknown, text: () => string) => io.out(flags.json ? JSON.stringify(value, null, 2) : text());
  const need = (usage: string): string => {
    if (!target) throw new Error(`Usage: automations processes ${usage}`);
    return target;
  };
  switch (sub) {
    case 'apply': {
      const file = need('apply <file.json|file.yaml>');
      const doc = parseDefinition(file, readFile(file));
      if (typeof doc.name !== 'string' || doc.name === '') throw new Error(`${file} must name the process ("name": …)`);
      const saved = await api.request<ProcessDetails>('PUT', `/processes/${enc(doc.name)}`, doc);
      print(saved, () => `${saved.name}: saved version ${saved.version}\n${formatSummary(saved)}`);
      return 0;
    }
    case 'list': {
      const items: ProcessSummary[] = [];
      let cursor: string | undefined;
      do {
        const page: { items: ProcessSummary[]; cursor?: string } = await api.request('GET', `/processes?limit=200${cursor ? `&cursor=${enc(cursor)}` : ''}`);
        items.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
      print(items, () => items.map(formatSummary).join('\n') || 'No processes.');
      return 0;
    }
    case 'show': {
      const p = await api.request<ProcessDetails>('GET', `/processes/${enc(need('show <name>'))}`);
      print(p, () => formatDetails(p));
      return 0;
    }
    case 'diagram': {
      const p = await api.request<ProcessDetails>('GET', `/processes/${enc(need('diagram <name>'))}`);
      io.out(p.diagram);
      return 0;
    }
    case 'run': {
      let job = await api.request<Job>('POST', `/processes/${enc(need('run <name> [--wait]'))}/jobs`);
      if (flags.wait) {
        while (job.status === 'initialized') {
          await new Promise((r) => setTimeout(r, 500));
          job = await api.request<Job>('GET', `/jobs/${enc(job.id)}`);
        }
      }
      print(job, () => formatJob(job));
      return flags.wait && job.status === 'error' ? 3 : 0;
    }
    case 'activate':
    case 'deactivate': {
      const p = await api.request<ProcessDetails>('POST', `/processes/${enc(need(`${sub} <name>`))}/${sub}`);
      print(p, () => formatSummary(p));
      return 0;
    }
    case 'delete': {
      const name = need('delete <name>');
      await api.request('DELETE', `/processes/${enc(name)}`);
      io.out(`${name}: deleted (its jobs and versions stay until the history clean-up)`);
      return 0;
    }
    default:
      throw new Error('Usage: automations processes apply|list|show|run|diagram|activate|deactivate|delete …');
  }
}

export async function jobCommand(api: ApiClient, args: readonly string[], flags: { json: boolean; process?: string; status?: string }, io: Out): Promise<number> {
  const [sub, id, task] = args;
  const print = (value: unknown, text: () => string) => io.out(flags.json ? JSON.stringify(value, null, 2) : text());
  const needId = (usage: string): string => {
    if (!id) throw new Error(`Usage: automations jobs ${usage}`);
    return id;
  };
  switch (sub) {
    case 'list': {
      const query = new URLSearchParams({ ...(flags.process ? { process: flags.process } : {}), ...(flags.status ? { status: flags.status } : {}) });
      const items: Job[] = [];
      let cursor: string | undefined;
      do {
        if (cursor) query.set('cursor', cursor);
        const page: { items: Job[]; cursor?: string } = await api.request('GET', `/jobs?${query}`);
        items.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
      print(items, () => items.map((j) => `${j.id}  ${j.process} v${j.version}  ${j.status.padEnd(11)}  ${j.trigger}  ${time(j.created)}`).join('\n') || 'No jobs.');
      return 0;
    }
    case 'show': {
      const job = await api.request<Job>('GET', `/jobs/${enc(needId('show <id>'))}`);
      print(job, () => formatJob(job));
      return 0;
    }
    case 'diagram': {
      const job = await api.request<Job>('GET', `/jobs/${enc(needId('diagram <id>'))}`);
      io.out(job.diagram ?? '');
      return 0;
    }
    case 'cancel': {
      const job = await api.request<Job>('POST', `/jobs/${enc(needId('cancel <id>'))}/cancel`);
      print(job, () => formatJob(job));
      return 0;
    }
    default: {
      const action = sub === undefined ? undefined : JOB_ACTIONS[sub];
      if (!action) throw new Error('Usage: automations jobs list|show|diagram|cancel|retry|force|cancel-task|reopen …');
      if (!id || !task) throw new Error(`Usage: automations jobs ${sub} <job id> <task>`);
      const job = await api.request<Job>('POST', `/jobs/${enc(id)}/tasks/${enc(task)}/${action}`);
      print(job, () => formatJob(job));
      return 0;
    }
  }
}
