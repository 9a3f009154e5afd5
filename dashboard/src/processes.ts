import { describeCron, fireTimes, parseCron } from '../../lib/engine/processes/cron.js';
import type { ProcessDocument as ProcessDoc, ProcessTaskDefinition as TaskDoc } from '../../lib/engine/processes/types.js';
import type { JobListItem as JobSummary, JobPage, JobTaskRow as JobTask, ProcessListItem as ProcessSummary, ProcessPage as ProcessDetails } from '../../lib/engine/processes/views.js';
import { api, ApiError, type Me } from './api.js';
import { h, jsonText, replace, sanitizeSvg } from './dom.js';

/**
 * Processes in the dashboard: the list (schedule in words, next fire, last job), a process page
 * (graph, versions, fires, jobs), the editor (tasks with parents picked from the other tasks,
 * params as JSON, the schedule with its next five fire times computed here with the engine's
 * own cron module; the server's 422 problems shown next to the fields they name), the jobs
 * list, and a job page (graph coloured by task status, buttons for the legal actions only).
 * Every user-typed text goes into Text nodes or attribute values (dom.ts), never into markup.
 */

export interface ViewContext {
  main: HTMLElement;
  me: Me;
  setTitle(text: string): HTMLElement;
  link(href: string, ...children: (string | Node)[]): HTMLAnchorElement;
  announce(text: string): void;
  errorBox(error: unknown): HTMLElement;
  guarded(render: () => Promise<void>): Promise<void>;
}

interface Problem {
  path: string;
  message: string;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const enc = encodeURIComponent;

export const canView = (me: Me) => me.superuser || me.permissions.some((p) => p === 'processes.view' || p === 'processes.manage' || p === 'processes.run');
const canManage = (me: Me) => me.superuser || me.permissions.includes('processes.manage');
const canRun = (me: Me) => me.superuser || me.permissions.includes('processes.run');

const statusBadge = (status: string) => h('span', { className: `status status-${status}`, 'data-status': status }, status);

async function drawDiagram(target: HTMLElement, source: string): Promise<void> {
  try {
    const { renderDiagram } = await import('./diagram.js');
    const svg = sanitizeSvg(renderDiagram(source));
    replace(target, svg ?? h('p', {}, 'The diagram could not be drawn; see the Mermaid source.'));
  } catch {
    replace(target, h('p', {}, 'The diagram could not be drawn; see the Mermaid source.'));
  }
}

function diagramSection(title: string, label: string, source: string): HTMLElement {
  const box = h('div', { className: 'diagram', role: 'img', 'aria-label': label }, h('p', { className: 'muted' }, 'Loading the diagram…'));
  void drawDiagram(box, source);
  return h('section', { 'aria-label': title }, h('h2', {}, title), box, h('details', {}, h('summary', {}, 'Mermaid source'), h('pre', { className: 'mermaid-source' }, source)));
}

// ── list ──

export async function renderProcesses(ctx: ViewContext): Promise<void> {
  const items: ProcessSummary[] = [];
  let cursor: string | undefined;
  do {
    const page: { items: ProcessSummary[]; cursor?: string } = await api('GET', `/processes?limit=200${cursor ? `&cursor=${enc(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  replace(ctx.main, ctx.setTitle('Processes'),
    h('p', {}, ctx.link('#/jobs', 'Unfinished jobs of every process'), canManage(ctx.me) ? [' · ', ctx.link('#/new-process', 'New process')] : null),
    items.length === 0
      ? h('p', { className: 'empty' }, 'No processes yet.')
      : h('table', { className: 'processes' },
          h('thead', {}, h('tr', {}, ['Process', 'Schedule', 'Next fire', 'Last job'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, items.map((p) => h('tr', { 'data-process': p.name },
            h('th', { scope: 'row' }, ctx.link(`#/processes/${enc(p.name)}`, p.name), p.active ? null : h('span', { className: 'muted' }, ' (inactive)'),
              p.description ? h('div', { className: 'muted' }, p.description) : null),
            h('td', {}, p.schedule ?? 'on demand'),
            h('td', {}, p.nextFireTimes[0] ? when(p.nextFireTimes[0]) : '—'),
            h('td', {}, p.lastJob ? [ctx.link(`#/jobs/${enc(p.lastJob.id)}`, statusBadge(p.lastJob.status)), ' ', h('span', { className: 'muted' }, when(p.lastJob.created))] : '—'))))));
  ctx.announce(`${items.length} processes`);
}

// ── process page ──

export async function renderProcess(ctx: ViewContext, name: string): Promise<void> {
  const p = await api<ProcessDetails>('GET', `/processes/${enc(name)}`);
  const jobs = h('tbody');
  const more = h('div', { className: 'actions' });
  const loadJobs = async (cursor?: string) => {
    const page = await api<{ items: JobSummary[]; cursor?: string }>('GET', `/jobs?${new URLSearchParams({ process: name, limit: '50', ...(cursor ? { cursor } : {}) })}`);
    for (const j of page.items) {
      jobs.append(h('tr', {}, h('td', {}, ctx.link(`#/jobs/${enc(j.id)}`, j.id)), h('td', {}, statusBadge(j.status)), h('td', {}, j.trigger), h('td', {}, `v${j.version}`), h('td', {}, when(j.created))));
    }
    replace(more, page.cursor ? h('button', { type: 'button', onclick: () => void ctx.guarded(() => loadJobs(page.cursor)) }, 'More jobs') : null);
  };
  const act = (label: string, run: () => Promise<void>, attrs: Record<string, string> = {}) =>
    h('button', { type: 'button', ...attrs, onclick: (e: Event) => { (e.currentTarget as HTMLButtonElement).disabled = true; void ctx.guarded(run); } }, label);
  const buttons = [
    canRun(ctx.me) && p.active ? act('Run now', async () => {
      const job = await api<JobPage>('POST', `/processes/${enc(name)}/jobs`);
      location.hash = `#/jobs/${enc(job.id)}`;
    }, { className: 'primary', 'data-action': 'run' }) : null,
    canManage(ctx.me) ? h('a', { href: `#/processes/${enc(name)}/edit`, className: 'button', 'data-action': 'edit' }, 'Edit') : null,
    canManage(ctx.me) ? act(p.active ? 'Deactivate' : 'Activate', async () => {
      await api('POST', `/processes/${enc(name)}/${p.active ? 'deactivate' : 'activate'}`);
      await renderProcess(ctx, name);
    }, { 'data-action': p.active ? 'deactivate' : 'activate' }) : null,
  ];
  replace(ctx.main,
    h('p', { className: 'crumbs' }, ctx.link('#/processes', '← Processes')),
    ctx.setTitle(p.name),
    p.description ? h('p', {}, p.description) : null,
    h('div', { className: 'actions' }, buttons),
    h('dl', { className: 'facts' },
      h('dt', {}, 'Version'), h('dd', { 'data-testid': 'version' }, `${p.version} · saved ${when(p.savedAt)}${p.savedBy ? ` by ${p.savedBy}` : ''}`),
      h('dt', {}, 'Active'), h('dd', {}, p.active ? 'yes' : 'no'),
      h('dt', {}, 'Schedule'), h('dd', {}, p.schedule ?? 'none (runs on demand)'),
      h('dt', {}, 'Next fires'), h('dd', {}, p.nextFireTimes.length ? h('ul', { className: 'plain' }, p.nextFireTimes.map((t) => h('li', {}, when(t)))) : '—'),
      h('dt', {}, 'Last job'), h('dd', {}, p.lastJob ? [ctx.link(`#/jobs/${enc(p.lastJob.id)}`, p.lastJob.id), ' ', statusBadge(p.lastJob.status)] : '—')),
    diagramSection('Tasks', `Graph of ${p.name}: ${p.document.tasks.length} tasks`, p.diagram),
    h('section', { 'aria-label': 'Versions' }, h('h2', {}, 'Versions'),
      h('ol', { reversed: true, className: 'versions' }, p.versions.map((v) => h('li', {}, `v${v.version} · ${when(v.savedAt)}${v.savedBy ? ` · ${v.savedBy}` : ''}`)))),
    p.fires
      ? h('section', { 'aria-label': 'Schedule fires' }, h('h2', {}, 'Fires'),
          h('p', {}, `${p.fires.started} started · ${p.fires.skipped} skipped · ${p.fires.missed} missed`),
          h('ul', { className: 'plain' }, [...p.fires.recent].reverse().slice(0, 10).map((f) => h('li', {}, when(f.fireTime), ' ', f.outcome, f.job ? [' ', ctx.link(`#/jobs/${enc(f.job)}`, f.job)] : null, f.reason ? h('span', { className: 'muted' }, ` (${f.reason})`) : null))))
      : null,
    h('section', { 'aria-label': 'Jobs' }, h('h2', {}, 'Jobs (oldest first)'),
      h('table', {}, h('thead', {}, h('tr', {}, ['Job', 'Status', 'Trigger', 'Version', 'Created'].map((c) => h('th', { scope: 'col' }, c)))), jobs), more),
  );
  await loadJobs();
}

// ── jobs ──

export async function renderJobs(ctx: ViewContext, params: URLSearchParams): Promise<void> {
  const status = params.get('status') ?? '';
  const page = await api<{ items: JobSummary[] }>('GET', `/jobs?${new URLSearchParams(status ? { status } : {})}`);
  const filter = h('select', { id: 'job-status', onchange: (e: Event) => { const v = (e.target as HTMLSelectElement).value; location.hash = `#/jobs${v ? `?status=${v}` : ''}`; } },
    ['', 'initialized', 'error', 'cancelled'].map((s) => h('option', { value: s, selected: s === status }, s || 'all unfinished')));
  replace(ctx.main, h('p', { className: 'crumbs' }, ctx.link('#/processes', '← Processes')), ctx.setTitle('Unfinished jobs'),
    h('p', {}, h('label', { for: 'job-status' }, 'Status '), filter),
    page.items.length === 0 ? h('p', { className: 'empty' }, 'No unfinished jobs.') :
      h('table', {}, h('thead', {}, h('tr', {}, ['Job', 'Process', 'Status', 'Trigger', 'Created'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, page.items.map((j) => h('tr', {}, h('td', {}, ctx.link(`#/jobs/${enc(j.id)}`, j.id)), h('td', {}, ctx.link(`#/processes/${enc(j.process)}`, j.process)), h('td', {}, statusBadge(j.status)), h('td', {}, j.trigger), h('td', {}, when(j.created)))))));
}

const ACTION_LABEL: Record<JobTask['actions'][number], string> = { retry: 'Retry', force: 'Force', cancel: 'Cancel', reopen: 'Reopen' };

/** The job page; it refreshes itself while the job is initialized and the page is shown. */
export async function renderJob(ctx: ViewContext, id: string): Promise<void> {
  const job = await api<JobPage>('GET', `/jobs/${enc(id)}`);
  const hash = location.hash;
  const result = h('div', { 'aria-live': 'polite' });
  const act = async (path: string, label: string) => {
    try {
      await api<JobPage>('POST', path);
      ctx.announce(label);
      await renderJob(ctx, id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) replace(result, ctx.errorBox(error));
      else throw error;
    }
  };
  const runner = canRun(ctx.me);
  const rows = job.tasks.map((t) => h('tr', { 'data-task': t.name, 'data-status': t.status },
    h('th', { scope: 'row' }, t.name, h('div', { className: 'muted' }, t.action)),
    h('td', {}, statusBadge(t.status),
      t.waitingFor.length ? h('div', { className: 'waiting', 'data-testid': 'waiting' }, `waits for ${t.waitingFor.join(', ')}`) : null,
      t.error ? h('div', { className: 'task-error', role: 'note' }, `${t.error.name}: ${t.error.message}`) : null),
    h('td', {}, when(t.started), ' → ', when(t.finished), t.attempts > 1 ? h('div', { className: 'muted' }, `${t.attempts} attempts`) : null, t.visit > 1 ? h('div', { className: 'muted' }, `run ${t.visit}`) : null),
    h('td', {}, t.output !== null && t.output !== undefined ? h('details', {}, h('summary', {}, 'Output'), h('pre', {}, jsonText(t.output))) : '—'),
    h('td', { className: 'task-actions' }, runner ? t.actions.map((a) => h('button', {
      type: 'button', 'data-action': a,
      onclick: (e: Event) => { (e.currentTarget as HTMLButtonElement).disabled = true; void ctx.guarded(() => act(`/jobs/${enc(id)}/tasks/${enc(t.name)}/${a}`, `${ACTION_LABEL[a]}: ${t.name}`)); },
    }, ACTION_LABEL[a])) : null)));
  replace(ctx.main,
    h('p', { className: 'crumbs' }, ctx.link(`#/processes/${enc(job.process)}`, `← ${job.process}`)),
    ctx.setTitle(`Job ${job.id}`),
    h('dl', { className: 'facts' },
      h('dt', {}, 'Status'), h('dd', { 'data-testid': 'job-status' }, statusBadge(job.status)),
      h('dt', {}, 'Process'), h('dd', {}, `${job.process} v${job.version}`),
      h('dt', {}, 'Trigger'), h('dd', {}, job.trigger, job.fireTime ? ` for ${when(job.fireTime)}` : ''),
      h('dt', {}, 'Created'), h('dd', {}, when(job.created)),
      job.finishedAt ? [h('dt', {}, 'Finished'), h('dd', {}, when(job.finishedAt))] : null),
    runner && (job.status === 'initialized' || job.status === 'error')
      ? h('div', { className: 'actions' }, h('button', { type: 'button', 'data-action': 'cancel-job', onclick: () => void ctx.guarded(() => act(`/jobs/${enc(id)}/cancel`, 'Job cancelled')) }, 'Cancel job'))
      : null,
    result,
    h('section', { 'aria-label': 'Tasks' }, h('h2', {}, 'Tasks'),
      h('table', { className: 'job-tasks' }, h('thead', {}, h('tr', {}, ['Task', 'Status', 'Ran', 'Output', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows))),
    diagramSection('Graph', `Job ${job.id}: ${job.tasks.map((t) => `${t.name} ${t.status}`).join(', ')}`, job.diagram),
  );
  if (job.status === 'initialized' || job.tasks.some((t) => t.status === 'running')) {
    setTimeout(() => {
      if (location.hash === hash && !document.querySelector('button:disabled')) void ctx.guarded(() => renderJob(ctx, id));
    }, 1_000);
  }
}

// ── editor ──

/** The next `count` fire times of a cron text in a zone, or the problems of the text. */
export function schedulePreview(cron: string, timeZone: string, count = 5, now = Date.now()): { ok: true; words: string; times: number[] } | { ok: false; problems: string[] } {
  const parsed = parseCron(cron);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  try {
    const times: number[] = [];
    for (const t of fireTimes(parsed.cron, now, timeZone || 'UTC')) {
      times.push(t);
      if (times.length >= count) break;
    }
    return { ok: true, words: describeCron(parsed.cron), times };
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  }
}

interface TaskEditor {
  element: HTMLFieldSetElement;
  name: HTMLInputElement;
  action: HTMLSelectElement;
  params: HTMLTextAreaElement;
  timeout: HTMLInputElement;
  attempts: HTMLInputElement;
  parents: HTMLElement;
  selected: Set<string>;
  errors: Map<string, HTMLElement>;
}

export async function renderEditor(ctx: ViewContext, name: string | null): Promise<void> {
  const [{ actions }, existing] = await Promise.all([
    api<{ actions: { name: string; description: string | null }[] }>('GET', '/actions'),
    name ? api<ProcessDetails>('GET', `/processes/${enc(name)}`) : Promise.resolve(null),
  ]);
  const doc: ProcessDoc = existing?.document ?? { name: '', tasks: [{ name: 'first', action: actions[0]?.name ?? 'http', params: {} }] };
  const fieldErrors = new Map<string, HTMLElement>();
  const errorSlot = (path: string) => {
    const el = h('div', { className: 'field-error', 'data-error-for': path, role: 'alert' });
    fieldErrors.set(path, el);
    return el;
  };
  const field = (label: string, id: string, input: HTMLElement, path: string, hint?: string) =>
    h('div', { className: 'field' }, h('label', { for: id }, label), input, hint ? h('div', { className: 'muted' }, hint) : null, errorSlot(path));

  const nameInput = h('input', { id: 'process-name', value: doc.name, required: true, ...(existing ? { readonly: true } : {}), autocomplete: 'off' });
  const description = h('input', { id: 'process-description', value: doc.description ?? '' });
  const active = h('input', { id: 'process-active', type: 'checkbox', checked: doc.active !== false });
  const scheduled = h('input', { id: 'schedule-on', type: 'checkbox', checked: doc.schedule !== undefined });
  const cron = h('input', { id: 'schedule-cron', value: doc.schedule?.cron ?? '0 2 * * *', autocomplete: 'off', spellcheck: 'false' });
  const zone = h('input', { id: 'schedule-zone', value: doc.schedule?.timeZone ?? 'UTC', autocomplete: 'off' });
  const overlap = h('input', { id: 'schedule-overlap', type: 'checkbox', checked: doc.schedule?.overlap === true });
  const runAfterError = h('input', { id: 'schedule-run-after-error', type: 'checkbox', checked: doc.schedule?.runAfterError === true });
  const catchUp = h('select', { id: 'schedule-catch-up' }, ['latest', 'none', 'all'].map((c) => h('option', { value: c, selected: (doc.schedule?.catchUp ?? 'latest') === c }, c)));
  const preview = h('div', { className: 'schedule-preview', 'data-testid': 'schedule-preview', 'aria-live': 'polite' });
  const updatePreview = () => {
    if (!scheduled.checked) return replace(preview, h('p', { className: 'muted' }, 'No schedule: the process runs on demand only.'));
    const p = schedulePreview(cron.value, zone.value);
    if (!p.ok) return replace(preview, h('ul', { className: 'field-error' }, p.problems.map((x) => h('li', {}, x))));
    replace(preview, h('p', {}, p.words, ` (${zone.value || 'UTC'}). Next five:`), h('ol', {}, p.times.map((t) => h('li', {}, new Date(t).toLocaleString(undefined, { timeZone: zone.value || 'UTC', dateStyle: 'medium', timeStyle: 'short' }), ` ${zone.value || 'UTC'}`))));
  };
  for (const input of [cron, zone, scheduled]) input.addEventListener('input', updatePreview);
  scheduled.addEventListener('change', updatePreview);

  const taskList = h('div', { className: 'task-editors' });
  const editors: TaskEditor[] = [];
  const refreshParents = () => {
    const names = editors.map((e) => e.name.value.trim()).filter(Boolean);
    for (const e of editors) {
      const own = e.name.value.trim();
      for (const gone of [...e.selected]) if (!names.includes(gone) || gone === own) e.selected.delete(gone);
      replace(e.parents, names.filter((n) => n !== own).length === 0 ? h('span', { className: 'muted' }, 'no other tasks') : names.filter((n) => n !== own).map((n) => {
        const box = h('input', { type: 'checkbox', value: n, checked: e.selected.has(n), 'data-parent': n });
        box.addEventListener('change', () => (box.checked ? e.selected.add(n) : e.selected.delete(n)));
        return h('label', { className: 'parent' }, box, ` ${n}`);
      }));
    }
  };
  const addTask = (t: TaskDoc) => {
    const i = editors.length;
    const errors = new Map<string, HTMLElement>();
    const slot = (key: string) => {
      const el = h('div', { className: 'field-error', 'data-error-for': `tasks.${key}`, role: 'alert' });
      errors.set(key, el);
      return el;
    };
    const nameEl = h('input', { value: t.name, 'data-field': 'name', 'aria-label': 'Task name', autocomplete: 'off' });
    const actionEl = h('select', { 'data-field': 'action', 'aria-label': 'Action' }, [...new Set([...actions.map((a) => a.name), t.action])].map((a) => h('option', { value: a, selected: a === t.action }, a)));
    const paramsEl = h('textarea', { rows: 4, 'data-field': 'params', 'aria-label': 'Params (JSON)', spellcheck: 'false' }, jsonText(t.params ?? {}));
    const timeoutEl = h('input', { value: t.timeout === undefined ? '' : String(t.timeout), 'data-field': 'timeout', 'aria-label': 'Timeout', placeholder: 'default' });
    const attemptsEl = h('input', { type: 'number', min: 1, value: t.retry ? String(t.retry.attempts) : '', 'data-field': 'attempts', 'aria-label': 'Attempts', placeholder: '1' });
    const parents = h('div', { className: 'parents', 'data-field': 'after' });
    const element = h('fieldset', { className: 'task-editor', 'data-task-index': i },
      h('legend', {}, 'Task'),
      h('div', { className: 'field' }, h('label', {}, 'Name ', nameEl), slot('name')),
      h('div', { className: 'field' }, h('label', {}, 'Action ', actionEl), slot('action')),
      h('div', { className: 'field' }, h('label', {}, 'Params (JSON) ', paramsEl), slot('params')),
      h('div', { className: 'field' }, h('span', {}, 'After '), parents, slot('after')),
      h('div', { className: 'field' }, h('label', {}, 'Timeout ', timeoutEl), slot('timeout'), h('label', {}, ' Attempts ', attemptsEl), slot('retry')),
      h('div', { className: 'field' }, slot('')),
      h('button', { type: 'button', className: 'remove-task', onclick: () => { const at = editors.indexOf(editor); editors.splice(at, 1); element.remove(); refreshParents(); } }, 'Remove task'));
    const editor: TaskEditor = { element, name: nameEl, action: actionEl, params: paramsEl, timeout: timeoutEl, attempts: attemptsEl, parents, selected: new Set(t.after ?? []), errors };
    nameEl.addEventListener('input', refreshParents);
    editors.push(editor);
    taskList.append(element);
    refreshParents();
  };
  for (const t of doc.tasks) addTask(t);

  const summary = h('div', { 'aria-live': 'polite', 'data-testid': 'save-problems' });
  const clearErrors = () => {
    for (const el of fieldErrors.values()) replace(el);
    for (const e of editors) for (const el of e.errors.values()) replace(el);
    replace(summary);
  };
  /** Puts each problem next to the field its path names (tasks[2].params.url → task 3's params); the rest at the top. */
  const showProblems = (problems: Problem[]) => {
    clearErrors();
    const unplaced: Problem[] = [];
    for (const p of problems) {
      const task = /^tasks\[(\d+)\](?:\.([A-Za-z]+))?/.exec(p.path);
      let slot: HTMLElement | undefined;
      if (task) {
        const e = editors[Number(task[1])];
        slot = e?.errors.get(task[2] ?? '') ?? e?.errors.get('');
      } else {
        const top = p.path.split(/[.[]/)[0] ?? '';
        slot = fieldErrors.get(p.path) ?? (top === 'schedule' ? fieldErrors.get('schedule.cron') : fieldErrors.get(top));
      }
      const line = h('div', {}, task ? `${p.path.replace(/^tasks\[\d+\]\.?/, '') || 'task'}: ${p.message}` : `${p.path ? `${p.path}: ` : ''}${p.message}`);
      if (slot) slot.append(line);
      else unplaced.push(p);
    }
    replace(summary, h('div', { className: 'notice error', role: 'alert' },
      h('strong', {}, `Not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'}`),
      h('ul', {}, problems.map((p) => h('li', {}, p.path ? `${p.path}: ${p.message}` : p.message)))));
    void unplaced;
  };
  const collect = (): { doc: Record<string, unknown>; problems: Problem[] } => {
    const problems: Problem[] = [];
    const tasks = editors.map((e, i) => {
      let params: unknown = {};
      const text = e.params.value.trim();
      if (text) {
        try {
          params = JSON.parse(text);
        } catch (error) {
          problems.push({ path: `tasks[${i}].params`, message: `not JSON: ${(error as Error).message}` });
        }
      }
      const attempts = e.attempts.value.trim();
      const timeout = e.timeout.value.trim();
      return {
        name: e.name.value.trim(),
        action: e.action.value,
        params,
        ...(e.selected.size ? { after: [...e.selected] } : {}),
        ...(timeout ? { timeout: /^\d+$/.test(timeout) ? Number(timeout) : timeout } : {}),
        ...(attempts ? { retry: { attempts: Number(attempts) } } : {}),
      };
    });
    const out: Record<string, unknown> = {
      ...(existing ? { ...existing.document } : {}),
      name: nameInput.value.trim(),
      active: active.checked,
      tasks,
    };
    if (description.value.trim()) out.description = description.value.trim();
    else delete out.description;
    if (scheduled.checked) out.schedule = { cron: cron.value.trim(), timeZone: zone.value.trim() || 'UTC', overlap: overlap.checked, runAfterError: runAfterError.checked, catchUp: catchUp.value };
    else delete out.schedule;
    return { doc: out, problems };
  };
  const save = h('button', { type: 'submit', className: 'primary', 'data-action': 'save' }, 'Save');
  const form = h('form', { className: 'process-editor', novalidate: true },
    summary,
    field('Name', 'process-name', nameInput, 'name', existing ? 'The name cannot change; save under another name to copy.' : 'Lower-case letters, digits, "-", "_", "."'),
    field('Description', 'process-description', description, 'description'),
    h('div', { className: 'field' }, h('label', {}, active, ' Active')),
    h('fieldset', { className: 'schedule' }, h('legend', {}, 'Schedule'),
      h('div', { className: 'field' }, h('label', {}, scheduled, ' Run on a schedule')),
      field('Cron (minute hour day-of-month month day-of-week)', 'schedule-cron', cron, 'schedule.cron'),
      field('Time zone', 'schedule-zone', zone, 'schedule.timeZone'),
      h('div', { className: 'field' }, h('label', {}, overlap, ' Start while the previous job is unfinished'), h('label', {}, runAfterError, ' Start while the latest job is in error'), errorSlot('schedule.overlap')),
      field('Missed fire times', 'schedule-catch-up', catchUp, 'schedule.catchUp'),
      preview),
    h('fieldset', {}, h('legend', {}, 'Tasks'), errorSlot('tasks'), taskList,
      h('button', { type: 'button', 'data-action': 'add-task', onclick: () => addTask({ name: `task-${editors.length + 1}`, action: actions[0]?.name ?? 'http', params: {} }) }, 'Add task')),
    h('div', { className: 'actions' }, save, ' ', ctx.link(existing ? `#/processes/${enc(existing.name)}` : '#/processes', 'Cancel')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { doc: body, problems } = collect();
    if (problems.length) return showProblems(problems);
    const target = String(body.name ?? '');
    if (!target) return showProblems([{ path: 'name', message: 'give the process a name' }]);
    save.disabled = true;
    void (async () => {
      try {
        const saved = await api<ProcessDetails>('PUT', `/processes/${enc(target)}`, body);
        clearErrors();
        ctx.announce(`Saved ${saved.name} version ${saved.version}`);
        location.hash = `#/processes/${enc(saved.name)}`;
      } catch (error) {
        if (error instanceof ApiError && error.status === 422 && Array.isArray(error.details)) {
          showProblems(error.details as Problem[]);
          ctx.announce('Not saved: the definition has problems');
        } else replace(summary, ctx.errorBox(error));
      } finally {
        save.disabled = false;
      }
    })();
  });
  replace(ctx.main,
    h('p', { className: 'crumbs' }, ctx.link('#/processes', '← Processes')),
    ctx.setTitle(existing ? `Edit ${existing.name}` : 'New process'),
    existing ? h('p', { className: 'muted' }, `Saving creates version ${existing.version + 1}; running jobs keep their version.`) : null,
    form);
  updatePreview();
}
