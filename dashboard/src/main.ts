import { api, ApiError, session, type AutomationCounts, type InstancePage, type InstanceSummary, type Me, type SignInOptions, type SubmitResult, type TaskForm, type TaskItem } from './api.js';
import { completeCognitoSignIn, devUsers, signInAsDevUser, signOut, startCognitoSignIn } from './auth.js';
import { h, jsonText, replace, sanitizeSvg } from './dom.js';
import { renderForm } from './form.js';
import { canView, renderEditor, renderJob, renderJobs, renderProcess, renderProcesses, type ViewContext } from './processes.js';
import { applyLocale, localeSwitch } from './workflows/locale.js';
import { t } from './workflows/i18n.js';
import { approvalHref, isApprovalItem, routeWorkflows, workflowNavLinks } from './workflows/routes.js';

/**
 * The dashboard: sign-in, the task list, forms, instance pages and the automations overview.
 * Plain TypeScript and the DOM; hash routes (#/tasks, #/tasks/<id>/<task>, #/instances/<id>,
 * #/automations, #/automations/<name>, and for processes #/processes, #/processes/<name>,
 * #/processes/<name>/edit, #/new-process, #/jobs, #/jobs/<id>) so that it is one static page behind API Gateway.
 */
const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;

let signIn: SignInOptions | null = null;
let me: Me | null = null;

/** Urgency by age, as the seeds suggest (hours_since_created): colour plus words, never colour alone. */
export function urgency(hours: number): { level: 'fresh' | 'aging' | 'urgent'; label: string } {
  if (hours >= 72) return { level: 'urgent', label: 'Urgent' };
  if (hours >= 24) return { level: 'aging', label: 'Waiting' };
  return { level: 'fresh', label: 'New' };
}

function age(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function announce(text: string): void {
  replace(status, text);
}

function setTitle(text: string): HTMLElement {
  document.title = `${text} · Automations`;
  return h('h1', {}, text);
}

function link(href: string, ...children: (string | Node)[]): HTMLAnchorElement {
  return h('a', { href }, ...children);
}

function errorBox(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return h('div', { className: 'notice error', role: 'alert' }, h('strong', {}, error instanceof ApiError ? `${error.status} ` : ''), message);
}

async function guarded(render: () => Promise<void>): Promise<void> {
  try {
    await render();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session.token = null;
      me = null;
      await renderSignIn(`You were signed out: ${error.message}`);
      return;
    }
    replace(main, errorBox(error));
  }
}

// ── sign-in ──

async function renderSignIn(message?: string): Promise<void> {
  renderNav();
  const parts: HTMLElement[] = [setTitle('Sign in')];
  if (message) parts.push(h('div', { className: 'notice', role: 'alert' }, message));
  const options = signIn ?? { mode: 'off' as const };
  if (options.mode === 'off') {
    parts.push(h('p', {}, 'User sign-in is not configured for this deployment (ATM_JWT_ISSUER and ATM_JWT_AUDIENCE).'));
  }
  if (options.mode === 'dev') {
    const users = await devUsers();
    parts.push(
      h('p', {}, 'Local development: pick a user. Their token is signed with the local key and checked like any other.'),
      h('ul', { className: 'user-picker' },
        users.map((u) => h('li', {},
          h('button', { type: 'button', 'data-user': u.id, onclick: () => void guarded(async () => { await signInAsDevUser(u.id); await afterSignIn(); }) }, u.name),
          h('span', { className: 'muted' }, u.groups.length ? ` groups: ${u.groups.join(', ')}` : ' no groups'),
        ))),
    );
  }
  if (options.mode === 'cognito') {
    parts.push(h('p', {}, h('button', { type: 'button', className: 'primary', onclick: () => void startCognitoSignIn(options) }, 'Sign in with your account')));
  }
  if (options.mode !== 'off') {
    const area = h('textarea', { id: 'token', rows: 3, spellcheck: 'false', autocomplete: 'off' });
    parts.push(
      h('details', { open: options.mode === 'token' },
        h('summary', {}, 'Paste a token'),
        h('form', { className: 'token-form', onsubmit: (e: Event) => { e.preventDefault(); session.token = area.value.trim(); void guarded(afterSignIn); } },
          h('label', { for: 'token' }, 'ID token (JWT)'), area, h('button', { type: 'submit' }, 'Use this token'))),
    );
  }
  replace(main, parts);
}

async function afterSignIn(): Promise<void> {
  me = await api<Me>('GET', '/me');
  announce(`Signed in as ${me.id}`);
  if (!location.hash || location.hash === '#/signin') location.hash = '#/tasks';
  else await route();
}

function renderNav(): void {
  if (!me) {
    replace(nav);
    return;
  }
  replace(nav,
    h('ul', {},
      h('li', {}, link('#/tasks', t('My tasks'))),
      me.viewer ? h('li', {}, link('#/automations', t('Automations'))) : null,
      canView(me) ? h('li', {}, link('#/processes', t('Processes'))) : null,
      workflowNavLinks()),
    h('div', { className: 'who' },
      localeSwitch(() => void route()),
      h('span', { 'data-testid': 'user' }, me.id, me.superuser ? t(' (superuser)') : ''),
      h('button', { type: 'button', onclick: () => { signOut(signIn); me = null; void renderSignIn('Signed out.'); } }, t('Sign out'))));
  for (const a of nav.querySelectorAll('a')) {
    if (location.hash.startsWith(a.getAttribute('href')!)) a.setAttribute('aria-current', 'page');
  }
}

// ── task list ──

async function renderTasks(params: URLSearchParams): Promise<void> {
  const automation = params.get('automation') ?? '';
  const list = h('ul', { className: 'tasks', 'aria-label': 'Open tasks' });
  const more = h('div', { className: 'actions' });
  const load = async (cursor?: string) => {
    const q = new URLSearchParams({ limit: '25', ...(automation ? { automation } : {}), ...(cursor ? { cursor } : {}) });
    const page = await api<{ items: TaskItem[]; cursor?: string }>('GET', `/tasks?${q}`);
    for (const t of page.items) list.append(taskRow(t));
    if (!list.children.length) list.append(h('li', { className: 'empty' }, 'No open tasks for you.'));
    replace(more, page.cursor ? h('button', { type: 'button', onclick: () => void guarded(() => load(page.cursor)) }, 'More tasks') : null);
    announce(`${list.querySelectorAll('li.task').length} open tasks`);
  };
  replace(main, setTitle('My tasks'), automation ? h('p', {}, 'Only ', h('strong', {}, automation), ' · ', link('#/tasks', 'all automations')) : null, list, more);
  await load();
}

function taskRow(t: TaskItem): HTMLElement {
  const u = urgency(t.hoursSinceCreated);
  return h('li', { className: `task urgency-${u.level}`, 'data-urgency': u.level },
    h('a', { href: isApprovalItem(t.automation) ? approvalHref(t.instanceId, t.task) : `#/tasks/${encodeURIComponent(t.instanceId)}/${t.task}`, className: 'task-link' },
      h('span', { className: 'task-title' }, t.description ?? t.node),
      h('span', { className: 'task-meta' }, `${t.verboseName} · ${t.node}`)),
    h('span', { className: 'badge' }, u.label),
    h('span', { className: 'age', title: when(t.created) }, age(t.hoursSinceCreated)),
    t.expiresAt ? h('span', { className: 'expires' }, `expires ${when(t.expiresAt)}`) : null);
}

// ── form ──

async function renderTaskForm(instanceId: string, task: number): Promise<void> {
  const form = await api<TaskForm>('GET', `/tasks/${encodeURIComponent(instanceId)}/${task}`);
  const rendered = renderForm(form.schema, form.values);
  const result = h('div', { 'aria-live': 'polite' });
  rendered.element.addEventListener('submit', (event) => {
    event.preventDefault();
    const button = rendered.element.querySelector('button[type=submit]') as HTMLButtonElement;
    button.disabled = true;
    void (async () => {
      try {
        const done = await api<SubmitResult>('POST', `/tasks/${encodeURIComponent(instanceId)}/${task}`, { values: rendered.values() });
        rendered.clearErrors();
        announce(`Submitted. The instance is ${done.instance.status}.`);
        location.hash = `#/instances/${encodeURIComponent(instanceId)}?submitted=${task}`;
      } catch (error) {
        if (error instanceof ApiError && error.status === 422 && error.details && typeof error.details === 'object') {
          rendered.showErrors(error.details as Record<string, string[]>);
          announce('The form has errors.');
        } else if (error instanceof ApiError && error.status === 401) {
          await guarded(() => Promise.reject(error));
        } else {
          replace(result, errorBox(error));
        }
      } finally {
        button.disabled = false;
      }
    })();
  });
  const contextEntries = Object.entries(form.context);
  replace(main,
    h('p', { className: 'crumbs' }, link('#/tasks', '← My tasks')),
    setTitle(form.description ?? form.node),
    h('p', { className: 'muted' }, `${form.verboseName} · step ${form.node} · waiting ${age(form.hoursSinceCreated)}`, form.expiresAt ? ` · expires ${when(form.expiresAt)}` : ''),
    contextEntries.length ? h('dl', { className: 'context' }, contextEntries.map(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'string' ? v : jsonText(v))])) : null,
    h('section', { 'aria-labelledby': 'form-heading' }, h('h2', { id: 'form-heading' }, 'Your input'), rendered.element, result),
    h('section', { 'aria-labelledby': 'data-heading' }, h('h2', { id: 'data-heading' }, 'Instance data'), h('pre', { className: 'data', 'data-testid': 'instance-data' }, jsonText(form.data))),
  );
}

// ── instance page ──

async function renderInstance(id: string, params: URLSearchParams): Promise<void> {
  const page = await api<InstancePage>('GET', `/views/instances/${encodeURIComponent(id)}`);
  const submitted = params.get('submitted');
  const diagram = h('div', { className: 'diagram', role: 'img', 'aria-label': `Flow of ${page.automation}; current: ${page.current.map((c) => c.node).join(', ') || 'none'}` }, h('p', { className: 'muted' }, 'Loading the diagram…'));
  replace(main,
    h('p', { className: 'crumbs' }, me?.viewer ? link(`#/automations/${encodeURIComponent(page.automation)}`, `← ${page.verboseName}`) : link('#/tasks', '← My tasks')),
    setTitle(`${page.verboseName} ${page.id.slice(0, 8)}`),
    submitted ? h('div', { className: 'notice success', role: 'status' }, `Task ${submitted} submitted. The instance continued and is now ${page.status}.`) : null,
    h('dl', { className: 'facts' },
      h('dt', {}, 'Status'), h('dd', {}, h('span', { className: `status status-${page.status}`, 'data-testid': 'status' }, page.status)),
      h('dt', {}, 'Current'), h('dd', { 'data-testid': 'current' }, page.current.map((c) => c.node).join(', ') || '—'),
      h('dt', {}, 'Created'), h('dd', {}, when(page.created)),
      h('dt', {}, 'Updated'), h('dd', {}, when(page.updated)),
      page.dueAt ? [h('dt', {}, 'Due'), h('dd', {}, when(page.dueAt))] : null,
      page.finishedAt ? [h('dt', {}, 'Finished'), h('dd', {}, when(page.finishedAt))] : null),
    page.openTasks.some((t) => t.openToYou)
      ? h('p', {}, 'Open for you: ', page.openTasks.filter((t) => t.openToYou).map((t) => link(`#/tasks/${encodeURIComponent(page.id)}/${t.task}`, t.node)))
      : null,
    page.error
      ? h('section', { className: 'notice error', 'aria-labelledby': 'error-heading' },
          h('h2', { id: 'error-heading' }, `Stopped at ${page.error.node} (task ${page.error.task})`),
          h('p', {}, page.error.message),
          page.error.stack ? h('details', {}, h('summary', {}, 'Stack'), h('pre', {}, page.error.stack)) : null)
      : null,
    h('section', { 'aria-labelledby': 'diagram-heading' }, h('h2', { id: 'diagram-heading' }, 'Flow'), diagram,
      h('details', {}, h('summary', {}, 'Mermaid source'), h('pre', { className: 'mermaid-source' }, page.diagram))),
    h('section', { 'aria-labelledby': 'data-heading' }, h('h2', { id: 'data-heading' }, 'Data'), h('pre', { className: 'data', 'data-testid': 'instance-data' }, jsonText(page.data))),
    h('section', { 'aria-labelledby': 'history-heading' }, h('h2', { id: 'history-heading' }, 'History'),
      h('ol', { className: 'timeline' }, page.history.map((t) => h('li', { className: t.error ? 'failed' : t.finished ? 'done' : 'open' },
        h('span', { className: 'node' }, t.node),
        h('span', { className: 'muted' }, ` #${t.seq} · ${when(t.created)}`),
        h('span', {}, ` · ${t.finished ? (t.message ?? 'done') : 'open'}`),
        t.completedBy ? h('span', {}, ` · by ${t.completedBy}`) : null,
        t.error ? h('details', {}, h('summary', {}, `${t.error.name}: ${t.error.message}`), t.error.stack ? h('pre', {}, t.error.stack) : null) : null,
        t.result !== null && t.result !== undefined ? h('details', {}, h('summary', {}, 'Result'), h('pre', {}, jsonText(t.result))) : null)))),
    page.key && page.receivers.length
      ? h('section', { 'aria-labelledby': 'hook-heading' }, h('h2', { id: 'hook-heading' }, 'Page-view hook'),
          h('p', {}, 'Include this in a page to send the message to this instance whenever the page is viewed:'),
          page.receivers.map((m) => h('pre', { className: 'snippet' }, `<img src="${location.origin}/hooks/page-view?key=${encodeURIComponent(page.key!)}&message=${encodeURIComponent(m)}" alt="" width="1" height="1">`)))
      : null,
  );
  try {
    const { renderDiagram } = await import('./diagram.js');
    const svg = sanitizeSvg(renderDiagram(page.diagram));
    replace(diagram, svg ?? h('p', {}, 'The diagram could not be drawn; see the Mermaid source.'));
  } catch {
    replace(diagram, h('p', {}, 'The diagram could not be drawn; see the Mermaid source.'));
  }
}

// ── automations ──

async function renderAutomations(): Promise<void> {
  const { automations } = await api<{ automations: AutomationCounts[] }>('GET', '/views/automations');
  const n = (v: number, capped: boolean) => (capped && v >= 1000 ? '1000+' : String(v));
  replace(main, setTitle('Automations'),
    h('table', { className: 'counts' },
      h('caption', {}, 'Instances by status'),
      h('thead', {}, h('tr', {}, ['Automation', 'Running', 'Waiting', 'Error', 'Finished'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, automations.map((a) => h('tr', { 'data-automation': a.name },
        h('th', { scope: 'row' }, link(`#/automations/${encodeURIComponent(a.name)}`, a.verboseName)),
        h('td', {}, n(a.counts.running, a.capped)), h('td', {}, n(a.counts.waiting, a.capped)),
        h('td', { className: a.counts.error ? 'has-errors' : '' }, n(a.counts.error, a.capped)), h('td', {}, n(a.counts.finished, a.capped)))))));
}

async function renderAutomation(name: string, params: URLSearchParams): Promise<void> {
  const statusFilter = params.get('status') ?? '';
  const body = h('tbody');
  const more = h('div', { className: 'actions' });
  const load = async (cursor?: string) => {
    const q = new URLSearchParams({ limit: '25', ...(statusFilter ? { status: statusFilter } : {}), ...(cursor ? { cursor } : {}) });
    const page = await api<{ items: InstanceSummary[]; cursor?: string }>('GET', `/views/automations/${encodeURIComponent(name)}/instances?${q}`);
    for (const i of page.items) {
      body.append(h('tr', {}, h('td', {}, link(`#/instances/${encodeURIComponent(i.id)}`, i.id.slice(0, 8))), h('td', {}, h('span', { className: `status status-${i.status}` }, i.status)), h('td', {}, when(i.created)), h('td', {}, when(i.updated))));
    }
    replace(more, page.cursor ? h('button', { type: 'button', onclick: () => void guarded(() => load(page.cursor)) }, 'More') : null);
  };
  const filter = h('select', { id: 'status-filter', onchange: (e: Event) => { location.hash = `#/automations/${encodeURIComponent(name)}${(e.target as HTMLSelectElement).value ? `?status=${(e.target as HTMLSelectElement).value}` : ''}`; } },
    ['', 'running', 'waiting', 'error', 'finished'].map((s) => h('option', { value: s, selected: s === statusFilter }, s || 'all')));
  replace(main, h('p', { className: 'crumbs' }, link('#/automations', '← Automations')), setTitle(name),
    h('p', {}, h('label', { for: 'status-filter' }, 'Status '), filter),
    h('table', {}, h('thead', {}, h('tr', {}, ['Instance', 'Status', 'Created', 'Updated'].map((c) => h('th', { scope: 'col' }, c)))), body), more);
  await load();
}

// ── routing ──

async function route(): Promise<void> {
  if (!session.token) return renderSignIn();
  if (!me) {
    await guarded(async () => {
      me = await api<Me>('GET', '/me');
    });
    if (!me) return;
  }
  renderNav();
  const [path = '', query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const ctx: ViewContext = { main, me, setTitle, link, announce, errorBox, guarded };
  await guarded(async () => {
    if (parts[0] === 'processes' && parts[1] && parts[2] === 'edit') return renderEditor(ctx, parts[1]);
    if (parts[0] === 'processes' && parts[1]) return renderProcess(ctx, parts[1]);
    if (parts[0] === 'processes') return renderProcesses(ctx);
    if (parts[0] === 'new-process') return renderEditor(ctx, null);
    if (parts[0] === 'jobs' && parts[1]) return renderJob(ctx, parts[1]);
    if (parts[0] === 'jobs') return renderJobs(ctx, params);
    if (parts[0] === 'tasks' && parts.length === 3) return renderTaskForm(parts[1]!, Number(parts[2]));
    if (parts[0] === 'instances' && parts[1]) return renderInstance(parts[1], params);
    if (parts[0] === 'automations' && parts[1]) return renderAutomation(parts[1], params);
    if (parts[0] === 'automations') return renderAutomations();
    if (await routeWorkflows(main, parts, params)) return;
    return renderTasks(params);
  });
  main.focus({ preventScroll: true });
}

async function boot(): Promise<void> {
  applyLocale();
  try {
    signIn = await api<SignInOptions>('GET', '/auth/config', undefined, { auth: false });
    if (await completeCognitoSignIn(signIn)) announce('Signed in');
  } catch (error) {
    replace(main, errorBox(error));
    return;
  }
  window.addEventListener('hashchange', () => void route());
  await route();
}

void boot();
