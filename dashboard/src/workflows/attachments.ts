import { t } from './i18n.js';
import { api } from '../api.js';
import { h, jsonText, replace } from '../dom.js';
import { dateText, nameOf } from './locale.js';
import type { AttachmentView, Names, WorkflowDetail, WorkflowSummary } from './types.js';
import { crumbs, problemBox, progressBar, statusBadge, title } from './ui.js';
import { decisionPanel } from './decide.js';

/** Attachments: the tenant's list with progress bars, and one attachment's page. */
const enc = encodeURIComponent;

export async function renderAttachmentList(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const workflow = params.get('workflow') ?? '';
  const status = params.get('status') ?? '';
  const q = new URLSearchParams({ ...(workflow ? { workflow } : {}), ...(status ? { status } : {}) });
  const [{ attachments }, { workflows }] = await Promise.all([
    api<{ attachments: AttachmentView[] }>('GET', `/attachments${q.size ? `?${q}` : ''}`),
    api<{ workflows: WorkflowSummary[] }>('GET', '/workflows'),
  ]);
  const names = new Map(workflows.map((w) => [w.slug, w.name]));
  const go = (next: Record<string, string>) => {
    const merged = new URLSearchParams({ ...(workflow ? { workflow } : {}), ...(status ? { status } : {}), ...next });
    for (const [k, v] of [...merged]) if (!v) merged.delete(k);
    location.hash = `#/attachments${merged.size ? `?${merged}` : ''}`;
  };
  replace(main, title(t('Attachments')),
    h('div', { className: 'filters' },
      h('label', { for: 'wf-filter' }, t('Workflow ')),
      h('select', { id: 'wf-filter', onchange: (e: Event) => go({ workflow: (e.target as HTMLSelectElement).value }) },
        h('option', { value: '' }, 'all'), workflows.map((w) => h('option', { value: w.slug, selected: w.slug === workflow }, nameOf(w.name, w.slug)))),
      h('label', { for: 'status-filter' }, t(' Status ')),
      h('select', { id: 'status-filter', onchange: (e: Event) => go({ status: (e.target as HTMLSelectElement).value }) },
        ['', 'attached', 'inProgress', 'completed', 'rejected', 'cancelled'].map((s) => h('option', { value: s, selected: s === status }, s || t('all'))))),
    attachments.length
      ? h('table', { className: 'attachments' },
          h('thead', {}, h('tr', {}, ['Object', t('Workflow'), t('Status'), t('Progress'), t('Now at'), 'Started'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, attachments.map((a) => h('tr', { 'data-attachment': a.id },
            h('td', {}, h('a', { href: `#/attachments/${enc(a.id)}` }, `${a.object.type} ${a.object.id}`)),
            h('td', {}, nameOf(names.get(a.workflow), a.workflow)),
            h('td', {}, statusBadge(a.status, a.error)),
            h('td', {}, progressBar(a.progress, `Progress of ${a.object.type} ${a.object.id}`), h('span', { className: 'muted' }, ` ${a.completedUnits}/${a.totalUnits}`)),
            h('td', {}, [a.currentPipeline ? nameOf(a.currentPipeline.name) : null, a.currentStage ? nameOf(a.currentStage.name) : null].filter(Boolean).join(' › ') || '—'),
            h('td', {}, dateText(a.startedAt ?? a.attachedAt))))))
      : h('p', { className: 'empty' }, t('No attachments.')));
}

interface UnitView { id: string; name: Names; pipeline: { id: string; name: Names } | null }

/** The units in order, from the pinned version's document. */
function unitsOf(detail: WorkflowDetail['document']): UnitView[] {
  const sorted = <T extends { order?: number }>(items: readonly T[]) => items.map((item, i) => ({ item, i })).sort((a, b) => (a.item.order ?? 0) - (b.item.order ?? 0) || a.i - b.i).map((e) => e.item);
  if (detail.strategy === 'single') return [{ id: detail.slug, name: detail.name, pipeline: null }];
  const out: UnitView[] = [];
  for (const p of sorted(detail.pipelines ?? [])) {
    if (detail.strategy === 'pipelines') out.push({ id: p.id, name: p.name, pipeline: { id: p.id, name: p.name } });
    else for (const s of sorted(p.stages ?? [])) out.push({ id: s.id, name: s.name, pipeline: { id: p.id, name: p.name } });
  }
  return out;
}

/** A stepper: pipelines, each with its stages; done, current (aria-current="step") and to come. */
export function stepper(units: UnitView[], a: AttachmentView): HTMLElement {
  const currentId = a.status === 'inProgress' ? (a.currentStage?.id ?? a.currentPipeline?.id ?? (units.length === 1 ? units[0]!.id : null)) : null;
  const groups = new Map<string, { name: Names; units: UnitView[] }>();
  for (const u of units) {
    const key = u.pipeline?.id ?? '';
    if (!groups.has(key)) groups.set(key, { name: u.pipeline?.name ?? {}, units: [] });
    groups.get(key)!.units.push(u);
  }
  let index = 0;
  return h('ol', { className: 'stepper', 'aria-label': t('Pipelines and stages') },
    [...groups.entries()].map(([pid, g]) => h('li', { className: 'stepper-pipeline', 'data-pipeline': pid || null },
      pid ? h('span', { className: 'stepper-pipeline-name' }, nameOf(g.name, pid)) : null,
      h('ol', { className: 'stepper-stages' }, g.units.map((u) => {
        const i = index++;
        const state = a.status === 'completed' || i < a.completedUnits ? 'done' : u.id === currentId ? 'current' : a.status === 'rejected' && i === a.completedUnits ? 'rejected' : 'todo';
        return h('li', { className: `step step-${state}`, 'data-unit': u.id, 'data-state': state, 'aria-current': state === 'current' ? 'step' : null },
          h('span', { className: 'step-dot', 'aria-hidden': 'true' }, state === 'done' ? '✓' : state === 'rejected' ? '✕' : String(i + 1)),
          h('span', { className: 'step-name' }, nameOf(u.name, u.id)),
          h('span', { className: 'visually-hidden' }, ` (${state})`));
      })))));
}

const EVENT_TEXT: Record<string, string> = {
  attached: 'Attached', started: 'Started', stepOpened: 'Step opened', checkedIn: 'Checked in', voted: 'Voted', approved: 'Approved', rejected: 'Rejected',
  delegated: 'Delegated', resubmitted: 'Sent back for resubmission', reminded: 'Reminder sent', escalated: 'Escalated', completed: 'Completed', cancelled: 'Cancelled',
};

export function timeline(a: AttachmentView, unitName: (id: string | undefined) => string): HTMLElement {
  return h('ol', { className: 'timeline wf-timeline', 'aria-label': t('Timeline') }, a.timeline.map((e) => h('li', { 'data-type': e.type },
    h('span', { className: 'node' }, t(EVENT_TEXT[e.type] ?? e.type)),
    e.unit ? h('span', {}, ` · ${unitName(e.unit)}`) : null,
    e.by ? h('span', {}, ` · ${t('by {who}', { who: e.by })}`) : null,
    e.to ? h('span', {}, ` → ${e.to}`) : null,
    h('span', { className: 'muted' }, ` · ${dateText(e.at)}`),
    e.approvers?.length ? h('div', { className: 'muted' }, `Approvers: ${e.approvers.join(', ')}`) : null,
    e.reason ? h('blockquote', { className: 'reason' }, e.reason) : null,
    e.values && Object.keys(e.values).length ? h('details', {}, h('summary', {}, t('Values')), h('pre', {}, jsonText(e.values))) : null)));
}

export function whoMustAct(a: AttachmentView): HTMLElement {
  const w = a.waitingFor;
  if (!w) return h('p', { className: 'muted', 'data-testid': 'who-must-act' }, a.status === 'inProgress' || a.status === 'attached' ? t('Nobody yet.') : t('Nobody: the workflow has ended.'));
  return h('div', { 'data-testid': 'who-must-act' },
    h('p', {}, `${w.type} · ${w.strategy}${w.required > 1 ? ` · ${w.approvals} of ${w.required} approvals` : ''}`),
    h('ul', {}, w.items.map((i) => h('li', {},
      i.user ? h('strong', {}, i.user) : h('span', {}, t('Anyone of '), h('strong', {}, i.group ?? ''), i.members?.length ? ` (${i.members.join(', ')})` : ''),
      i.onBehalfOf ? h('span', { className: 'muted' }, ` on behalf of ${i.onBehalfOf}`) : null))));
}

/** The attachment page; with a task (from the inbox), the decision panel for it. */
export async function renderAttachment(main: HTMLElement, id: string, task: number | null, rerender: () => void): Promise<void> {
  const { attachment: a } = await api<{ attachment: AttachmentView }>('GET', `/attachments/${enc(id)}`);
  let units: UnitView[] = [];
  let workflowName: Names = {};
  try {
    const detail = await api<{ workflow?: WorkflowDetail } & Partial<WorkflowDetail>>('GET', `/workflows/${enc(a.workflow)}`);
    const doc = (detail.workflow ?? detail).document;
    if (doc) {
      units = unitsOf(doc);
      workflowName = doc.name;
    }
  } catch {
    units = [];
  }
  const unitName = (uid: string | undefined) => nameOf(units.find((u) => u.id === uid)?.name, uid ?? '');
  const panel = task !== null && a.status === 'inProgress' ? await decisionPanel(a, task, units.slice(0, a.completedUnits + 1).map((u) => ({ id: u.id, name: nameOf(u.name, u.id) })), rerender) : null;
  const flash = sessionStorage.getItem('automations.flash');
  sessionStorage.removeItem('automations.flash');
  replace(main,
    flash ? h('div', { className: 'notice success', role: 'status', 'data-testid': 'flash' }, flash) : null,
    crumbs(task !== null ? '#/tasks' : '#/attachments', task !== null ? '← My tasks' : '← Attachments'),
    title(`${a.object.type} ${a.object.id}`),
    h('p', {}, nameOf(workflowName, a.workflow), h('span', { className: 'muted' }, ` · version ${a.version} · `), statusBadge(a.status, a.error)),
    progressBar(a.progress, t('Progress')),
    units.length ? stepper(units, a) : null,
    a.error ? h('div', { className: 'notice error', role: 'alert' }, a.error) : null,
    panel,
    a.status === 'attached' ? startPanel(a, rerender) : null,
    h('section', { 'aria-labelledby': 'who-heading' }, h('h2', { id: 'who-heading' }, t('Who must act')), whoMustAct(a)),
    h('section', { 'aria-labelledby': 'timeline-heading' }, h('h2', { id: 'timeline-heading' }, t('Timeline')), timeline(a, unitName)),
    h('section', { 'aria-labelledby': 'facts-heading' }, h('h2', { id: 'facts-heading' }, t('Details')),
      h('dl', { className: 'facts' },
        a.startedAt
          ? [h('dt', {}, t('Started')), h('dd', {}, t('Started {at} by {who}', { at: dateText(a.startedAt), who: a.startedBy }))]
          : [h('dt', {}, t('Attached')), h('dd', {}, t('Attached {at} by {who} (not started)', { at: dateText(a.attachedAt), who: a.startedBy }))],
        a.finishedAt ? [h('dt', {}, t('Finished')), h('dd', {}, `${dateText(a.finishedAt)}${a.finishedBy ? ` by ${a.finishedBy}` : ''}`)] : null,
        a.nextStage ? [h('dt', {}, t('Next')), h('dd', {}, nameOf(a.nextStage.name, a.nextStage.id))] : null,
        a.restartedFrom ? [h('dt', {}, t('Restarted from')), h('dd', {}, h('a', { href: `#/attachments/${enc(a.restartedFrom)}` }, a.restartedFrom))] : null,
        a.replacedBy ? [h('dt', {}, t('Replaced by')), h('dd', {}, h('a', { href: `#/attachments/${enc(a.replacedBy)}` }, a.replacedBy))] : null),
      h('h3', {}, t('Metadata')), h('pre', { 'data-testid': 'metadata' }, jsonText(a.metadata)),
      Object.keys(a.values).length ? [h('h3', {}, t('Values')), h('pre', {}, jsonText(a.values))] : null,
      a.actions.length ? [h('h3', {}, t('Pending or failed actions')), h('ul', {}, a.actions.map((x) => h('li', {}, `${x.event} #${x.seq} · ${x.action} · ${x.status} (${x.attempts})${x.error ? ` · ${x.error}` : ''}`)))] : null),
  );
}

/** An attachment made with start: false: the button that starts it (POST /attachments/{id}/start). */
function startPanel(a: AttachmentView, rerender: () => void): HTMLElement {
  const out = h('div', { 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button', className: 'primary', 'data-testid': 'start-attachment',
    onclick: () => void (async () => {
      button.setAttribute('disabled', 'true');
      try {
        await api('POST', `/attachments/${enc(a.id)}/start`, {});
        rerender();
      } catch (error) {
        button.removeAttribute('disabled');
        replace(out, problemBox(error));
      }
    })(),
  }, t('Start now'));
  return h('section', { className: 'decision', 'data-testid': 'start-panel' }, h('p', {}, t('This attachment is attached but not started.')), button, out);
}
