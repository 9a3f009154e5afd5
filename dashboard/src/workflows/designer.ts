import { t } from './i18n.js';
import { api, ApiError } from '../api.js';
import { h, jsonText, replace, type Child } from '../dom.js';
import { dateText, nameOf } from './locale.js';
import {
  APPROVAL_TYPES, EVENTS, STRATEGIES, type ActionDoc, type ApprovalDoc, type GroupStrategy, type Names, type PipelineDoc, type StageDoc,
  type UnitOptions, type WorkflowDetail, type WorkflowDocument, type WorkflowIntrospection, type WorkflowProblem, type WorkflowSummary,
} from './types.js';
import { autoStartEditor } from './autostart-editor.js';
import { crumbs, problemBox, title } from './ui.js';

/**
 * The workflow designer: the document as a form. Every control carries data-path, the path the
 * server's 422 names (`pipelines[0].stages[1].approvals[0].group`), so each problem is shown
 * next to its field (or the nearest enclosing one). Saving PUTs the document: a new version.
 */
const enc = encodeURIComponent;
const NAME_LOCALES = ['en', 'ar'];

export async function renderWorkflowList(main: HTMLElement): Promise<void> {
  const { workflows } = await api<{ workflows: WorkflowSummary[] }>('GET', '/workflows');
  replace(main, title(t('Workflows')),
    h('p', { className: 'actions' }, h('a', { href: '#/workflows/new', className: 'button' }, t('New workflow')), ' ', h('a', { href: '#/attachments' }, t('Attachments')), ' ', h('a', { href: '#/workflow-stats' }, t('Statistics'))),
    workflows.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ['Workflow', t('Strategy'), t('Active'), t('Version'), 'Saved'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, workflows.map((w) => h('tr', { 'data-workflow': w.slug },
            h('th', { scope: 'row' }, h('a', { href: `#/workflows/${enc(w.slug)}` }, nameOf(w.name, w.slug))),
            h('td', {}, w.strategy), h('td', {}, w.active ? 'yes' : 'no'), h('td', {}, String(w.version)),
            h('td', {}, `${dateText(w.savedAt)}${w.savedBy ? ` by ${w.savedBy}` : ''}`)))))
      : h('p', { className: 'empty' }, t('No workflows yet.')));
}

const blankApproval = (): ApprovalDoc => ({ by: 'group', group: '', strategy: 'anyone' });
const blankStage = (n: number): StageDoc => ({ id: `stage-${n}`, name: { en: `Stage ${n}` }, approvals: [blankApproval()] });
const blankPipeline = (n: number, strategy: string): PipelineDoc =>
  strategy === 'pipelines' ? { id: `pipeline-${n}`, name: { en: `Pipeline ${n}` }, approvals: [blankApproval()] } : { id: `pipeline-${n}`, name: { en: `Pipeline ${n}` }, stages: [blankStage(1)] };
const blankDocument = (): WorkflowDocument => ({ slug: '', name: { en: '' }, strategy: 'stages', pipelines: [blankPipeline(1, 'stages')] });

/** The document as the server should see it: only the current strategy's structure, no empty optional fields. */
export function cleanDocument(doc: WorkflowDocument): WorkflowDocument {
  const copy = JSON.parse(JSON.stringify(doc)) as WorkflowDocument & Record<string, unknown>;
  const names = (n: Names | undefined) => (n ? Object.fromEntries(Object.entries(n).filter(([, v]) => v.trim() !== '')) : n);
  const options = (u: UnitOptions & Record<string, unknown>, deadlines: boolean) => {
    for (const k of ['remindAfter', 'escalateAfter', 'escalateTo'] as const) if (!deadlines || u[k] === '' || u[k] === undefined) delete u[k];
    if (u.actions && u.actions.length === 0) delete u.actions;
  };
  const approval = (a: ApprovalDoc) => {
    if (a.by === 'user') {
      delete a.group;
      delete a.strategy;
    } else delete a.user;
    if (a.name) a.name = names(a.name)!;
    if (a.name && Object.keys(a.name).length === 0) delete a.name;
    return a;
  };
  copy.name = names(copy.name)!;
  if (!copy.description) delete copy.description;
  if (copy.strategy === 'single') {
    delete copy.pipelines;
    copy.approvals = (copy.approvals ?? []).map(approval);
  } else {
    delete copy.approvals;
    copy.pipelines = (copy.pipelines ?? []).map((p) => {
      p.name = names(p.name)!;
      if (copy.strategy === 'stages') {
        delete p.approvals;
        p.stages = (p.stages ?? []).map((s) => {
          s.name = names(s.name)!;
          s.approvals = s.approvals.map(approval);
          options(s as StageDoc & Record<string, unknown>, true);
          return s;
        });
      } else {
        delete p.stages;
        p.approvals = (p.approvals ?? []).map(approval);
      }
      options(p as PipelineDoc & Record<string, unknown>, copy.strategy === 'pipelines');
      return p;
    });
  }
  options(copy, copy.strategy === 'single');
  if (copy.statusSync && Object.keys(copy.statusSync).length === 0) delete copy.statusSync;
  return copy;
}

interface SyncRow { type: string; statusField: string; completedValue: string; rejectedValue: string }

export async function renderDesigner(main: HTMLElement, slug: string | null): Promise<void> {
  let detail: WorkflowDetail | null = null;
  let introspection: WorkflowIntrospection | null = null;
  if (slug) {
    const got = await api<{ workflow?: WorkflowDetail; introspection?: WorkflowIntrospection } & Partial<WorkflowDetail>>('GET', `/workflows/${enc(slug)}`);
    detail = (got.workflow ?? got) as WorkflowDetail;
    introspection = got.introspection ?? (got.workflow as { introspection?: WorkflowIntrospection } | undefined)?.introspection ?? null;
  }
  const doc: WorkflowDocument = detail ? JSON.parse(JSON.stringify(detail.document)) : blankDocument();
  delete doc.tenant;
  const sync: SyncRow[] = Object.entries(doc.statusSync ?? {}).map(([type, s]) => ({ type, ...s }));
  /** Raw JSON text of fields that do not parse yet (form schemas, action params), by path. */
  const rawJson = new Map<string, string>();
  const editor = h('div', { className: 'designer-body' });
  const summary = h('div', { className: 'form-errors', role: 'alert', tabindex: '-1', hidden: true });
  const result = h('div', { 'aria-live': 'polite' });

  const errorSlot = (path: string) => h('p', { className: 'field-error', 'data-error-for': path, id: `err-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`, hidden: true });
  const field = (path: string, label: string, control: HTMLElement, hint?: string): HTMLElement => {
    const id = `f-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    control.id = id;
    control.setAttribute('data-path', path);
    control.setAttribute('aria-describedby', `err-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`);
    return h('div', { className: 'field' }, h('label', { for: id }, label), hint ? h('p', { className: 'hint' }, hint) : null, control, errorSlot(path));
  };
  const input = (path: string, label: string, value: string | number | undefined, set: (v: string) => void, attrs: Record<string, string> = {}, hint?: string) =>
    field(path, label, h('input', { type: 'text', value: value === undefined ? '' : String(value), oninput: (e: Event) => set((e.target as HTMLInputElement).value), ...attrs }), hint);
  const select = (path: string, label: string, value: string, options: readonly string[], set: (v: string) => void, rerender = false) =>
    field(path, label, h('select', { onchange: (e: Event) => { set((e.target as HTMLSelectElement).value); if (rerender) draw(); } }, options.map((o) => h('option', { value: o, selected: o === value }, o))));
  const jsonArea = (path: string, label: string, value: unknown, set: (v: unknown) => void, hint?: string) =>
    field(path, label, h('textarea', {
      rows: 4, spellcheck: 'false', className: 'code',
      oninput: (e: Event) => {
        const text = (e.target as HTMLTextAreaElement).value;
        if (text.trim() === '') {
          rawJson.delete(path);
          set(undefined);
          return;
        }
        try {
          set(JSON.parse(text));
          rawJson.delete(path);
        } catch {
          rawJson.set(path, text);
        }
      },
    }, rawJson.get(path) ?? (value === undefined ? '' : jsonText(value))), hint);
  const names = (path: string, label: string, value: Names, set: (n: Names) => void) =>
    h('fieldset', { className: 'names', 'data-path': path }, h('legend', {}, label),
      NAME_LOCALES.map((l) => input(`${path}.${l}`, l === 'en' ? 'English' : 'العربية', value[l], (v) => set({ ...value, [l]: v }), { lang: l, dir: l === 'ar' ? 'rtl' : 'auto' })),
      errorSlot(path));
  const remove = (label: string, fn: () => void) => h('button', { type: 'button', className: 'remove', onclick: () => { fn(); draw(); } }, label);
  const add = (label: string, fn: () => void) => h('button', { type: 'button', onclick: () => { fn(); draw(); } }, label);

  const approvalEditor = (a: ApprovalDoc, path: string, list: ApprovalDoc[], i: number): HTMLElement => {
    const strategyName = typeof a.strategy === 'object' ? 'quorum' : (a.strategy ?? 'anyone');
    return h('fieldset', { className: 'approval', 'data-path': path }, h('legend', {}, t('Approval {n}', { n: i + 1 })),
      select(`${path}.by`, t('Approved by'), a.by, ['user', 'group'], (v) => { a.by = v as 'user' | 'group'; }, true),
      a.by === 'user'
        ? input(`${path}.user`, t('User'), a.user, (v) => { a.user = v; })
        : [
            input(`${path}.group`, t('Group'), a.group, (v) => { a.group = v; }),
            select(`${path}.strategy`, t('Group strategy'), strategyName, ['anyone', 'all', 'roundRobin', 'quorum'], (v) => { a.strategy = v === 'quorum' ? { quorum: 2 } : (v as GroupStrategy); }, true),
            typeof a.strategy === 'object'
              ? input(`${path}.strategy.quorum`, t('Quorum (a number, or a share like 60%)'), a.strategy.quorum, (v) => { a.strategy = { quorum: /^\d+$/.test(v.trim()) ? Number(v) : v.trim() }; })
              : null,
          ],
      select(`${path}.type`, t('Type'), a.type ?? 'approve', APPROVAL_TYPES, (v) => { a.type = v as ApprovalDoc['type']; }),
      jsonArea(`${path}.form`, t('Form (JSON Schema, optional)'), a.form, (v) => { if (v === undefined) delete a.form; else a.form = v as ApprovalDoc['form']; },
        'An object schema: properties of type string, number, integer or boolean; required; enum; minimum/maximum; minLength/maxLength; title.'),
      errorSlot(path),
      list.length > 1 ? remove('Remove approval', () => list.splice(i, 1)) : null);
  };
  const approvalsEditor = (list: ApprovalDoc[], path: string): HTMLElement =>
    h('div', { className: 'approvals', 'data-path': path }, list.map((a, i) => approvalEditor(a, `${path}[${i}]`, list, i)), errorSlot(path), add('Add approval', () => list.push(blankApproval())));

  const actionsEditor = (unit: UnitOptions, path: string): HTMLElement => {
    const list = unit.actions ?? [];
    return h('details', { className: 'unit-actions', open: list.length > 0 }, h('summary', {}, t('Actions ({n})', { n: list.length })),
      h('div', { 'data-path': `${path}actions` },
        list.map((a: ActionDoc, i) => h('fieldset', { className: 'action', 'data-path': `${path}actions[${i}]` }, h('legend', {}, `Action ${i + 1}`),
          select(`${path}actions[${i}].on`, t('On event'), a.on, EVENTS, (v) => { a.on = v; }),
          input(`${path}actions[${i}].action`, t('Action'), a.action, (v) => { a.action = v; }, {}, t('A registered action, e.g. email')),
          jsonArea(`${path}actions[${i}].params`, t('Params (JSON)'), a.params, (v) => { if (v === undefined) delete a.params; else a.params = v as Record<string, unknown>; }),
          input(`${path}actions[${i}].order`, t('Order'), a.order, (v) => { if (v.trim() === '') delete a.order; else a.order = Number(v); }, { inputmode: 'numeric' }),
          errorSlot(`${path}actions[${i}]`),
          remove('Remove action', () => list.splice(i, 1)))),
        errorSlot(`${path}actions`),
        add('Add action', () => { unit.actions = [...list, { on: 'approved', action: '' }]; })));
  };
  const deadlinesEditor = (unit: UnitOptions, path: string): HTMLElement =>
    h('div', { className: 'deadlines' },
      input(`${path}remindAfter`, t('Remind after'), unit.remindAfter, (v) => { unit.remindAfter = v; }, { placeholder: '1d' }),
      input(`${path}escalateAfter`, t('Escalate after'), unit.escalateAfter, (v) => { unit.escalateAfter = v; }, { placeholder: '3d' }),
      input(`${path}escalateTo`, t('Escalation group'), unit.escalateTo, (v) => { unit.escalateTo = v; }));

  const unitHeader = (u: { id: string; name: Names; order?: number }, path: string) => [
    input(`${path}.id`, t('Id'), u.id, (v) => { u.id = v; }),
    names(`${path}.name`, t('Name'), u.name, (n) => { u.name = n; }),
    input(`${path}.order`, t('Order'), u.order, (v) => { if (v.trim() === '') delete u.order; else u.order = Number(v); }, { inputmode: 'numeric' }),
  ];

  const draw = () => {
    const pipelines = (doc.pipelines ??= []);
    const body: Child[] = [
      h('fieldset', { className: 'workflow-basics' }, h('legend', {}, t('Workflow')),
        input('slug', t('Slug'), doc.slug, (v) => { doc.slug = v; }, detail ? { readonly: 'true' } : {}, t('Lower-case letters, digits and dashes')),
        names('name', t('Name'), doc.name, (n) => { doc.name = n; }),
        input('description', t('Description'), doc.description, (v) => { doc.description = v; }),
        select('strategy', t('Strategy'), doc.strategy, STRATEGIES, (v) => {
          doc.strategy = v as WorkflowDocument['strategy'];
          if (v === 'single') doc.approvals ??= [blankApproval()];
          else {
            if (!doc.pipelines?.length) doc.pipelines = [blankPipeline(1, v)];
            for (const p of doc.pipelines) {
              if (v === 'stages') p.stages ??= [blankStage(1)];
              else p.approvals ??= [blankApproval()];
            }
          }
        }, true),
        errorSlot('')),
    ];
    if (doc.strategy === 'single') {
      body.push(h('section', { className: 'unit' }, h('h2', {}, t('Approvals')), approvalsEditor((doc.approvals ??= [blankApproval()]), 'approvals'), deadlinesEditor(doc, '')));
    } else {
      body.push(h('h2', {}, t('Pipelines')), h('div', { 'data-path': 'pipelines' }, errorSlot('pipelines')));
      pipelines.forEach((p, pi) => {
        const pp = `pipelines[${pi}]`;
        body.push(h('fieldset', { className: 'pipeline', 'data-path': pp }, h('legend', {}, t('Pipeline {n}: {name}', { n: pi + 1, name: nameOf(p.name, p.id) })),
          unitHeader(p, pp),
          doc.strategy === 'stages'
            ? h('div', { className: 'stages', 'data-path': `${pp}.stages` }, (p.stages ??= []).map((s, si) => {
                const sp = `${pp}.stages[${si}]`;
                return h('fieldset', { className: 'stage', 'data-path': sp }, h('legend', {}, t('Stage {n}: {name}', { n: si + 1, name: nameOf(s.name, s.id) })),
                  unitHeader(s, sp), h('h3', {}, t('Approvals')), approvalsEditor(s.approvals, `${sp}.approvals`), deadlinesEditor(s, `${sp}.`), actionsEditor(s, `${sp}.`), errorSlot(sp),
                  remove('Remove stage', () => p.stages!.splice(si, 1)));
              }), errorSlot(`${pp}.stages`), add('Add stage', () => p.stages!.push(blankStage(p.stages!.length + 1))))
            : [h('h3', {}, t('Approvals')), approvalsEditor((p.approvals ??= [blankApproval()]), `${pp}.approvals`), deadlinesEditor(p, `${pp}.`)],
          actionsEditor(p, `${pp}.`), errorSlot(pp),
          remove('Remove pipeline', () => pipelines.splice(pi, 1))));
      });
      body.push(add('Add pipeline', () => pipelines.push(blankPipeline(pipelines.length + 1, doc.strategy))));
    }
    body.push(h('section', {}, h('h2', {}, t('Workflow actions')), actionsEditor(doc, '')));
    body.push(h('section', { 'data-path': 'statusSync' }, h('h2', {}, t('Status sync')),
      h('p', { className: 'hint' }, 'Per object type: the owning system\'s status field and the values it takes when the workflow completes or is rejected.'),
      sync.map((row, i) => {
        const sp = () => `statusSync.${row.type}`;
        return h('fieldset', { className: 'sync' }, h('legend', {}, t('Object type {n}', { n: i + 1 })),
          input(`${sp()}`, t('Object type'), row.type, (v) => { row.type = v; }),
          input(`${sp()}.statusField`, t('Status field'), row.statusField, (v) => { row.statusField = v; }),
          input(`${sp()}.completedValue`, t('Value when completed'), row.completedValue, (v) => { row.completedValue = v; }),
          input(`${sp()}.rejectedValue`, t('Value when rejected'), row.rejectedValue, (v) => { row.rejectedValue = v; }),
          remove('Remove', () => sync.splice(i, 1)));
      }),
      errorSlot('statusSync'),
      add('Add object type', () => sync.push({ type: '', statusField: 'status', completedValue: 'approved', rejectedValue: 'rejected' }))));
    replace(editor, body);
  };

  const clearErrors = () => {
    summary.hidden = true;
    replace(summary);
    for (const slot of editor.querySelectorAll<HTMLElement>('[data-error-for]')) {
      slot.hidden = true;
      replace(slot);
    }
    for (const c of editor.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  };
  /** Puts each problem next to the control its path names, else the nearest enclosing one; the rest in the summary. */
  const showProblems = (problems: WorkflowProblem[]) => {
    clearErrors();
    const unplaced: string[] = [];
    let first: HTMLElement | undefined;
    for (const p of problems) {
      let path = p.path;
      let slot: HTMLElement | null = null;
      for (;;) {
        slot = editor.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(path)}"]`);
        if (slot || path === '') break;
        path = path.replace(/(\.[^.[\]]*|\[\d+\])$/, '');
        if (!/(\.[^.[\]]*|\[\d+\])$/.test(p.path)) path = '';
      }
      if (!slot) {
        unplaced.push(`${p.path}: ${p.message}`);
        continue;
      }
      slot.hidden = false;
      slot.append(h('span', { 'data-problem': p.path }, path === p.path ? p.message : `${p.path}: ${p.message}`), ' ');
      const control = editor.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
      control?.setAttribute('aria-invalid', 'true');
      first ??= control && 'focus' in control && control.tagName !== 'FIELDSET' && control.tagName !== 'DIV' ? control : slot;
    }
    replace(summary, h('p', {}, t('The workflow was not saved: {count} problem(s).', { count: problems.length })), unplaced.length ? h('ul', {}, unplaced.map((u) => h('li', {}, u))) : null);
    summary.hidden = false;
    (first ?? summary).focus();
  };

  const save = async () => {
    clearErrors();
    replace(result);
    if (rawJson.size) {
      showProblems([...rawJson.keys()].map((path) => ({ path, message: 'this is not valid JSON' })));
      return;
    }
    doc.statusSync = Object.fromEntries(sync.map((r) => [r.type, { statusField: r.statusField, completedValue: r.completedValue, rejectedValue: r.rejectedValue }]));
    const body = cleanDocument(doc);
    try {
      const saved = await api<{ version?: number; workflow?: { version: number } }>('PUT', `/workflows/${enc(body.slug || '-')}`, body);
      const version = saved.version ?? saved.workflow?.version;
      sessionStorage.setItem('automations.flash', `Saved version ${version ?? ''}`.trim());
      const target = `#/workflows/${enc(body.slug)}`;
      if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else location.hash = target;
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && Array.isArray(error.details)) showProblems(error.details as WorkflowProblem[]);
      else replace(result, problemBox(error));
    }
  };

  const toggleActive = async () => {
    if (!detail) return;
    try {
      await api('POST', `/workflows/${enc(detail.slug)}/${detail.active ? 'deactivate' : 'activate'}`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (error) {
      replace(result, problemBox(error));
    }
  };

  draw();
  const flash = sessionStorage.getItem('automations.flash');
  sessionStorage.removeItem('automations.flash');
  replace(main,
    crumbs('#/workflows', '← Workflows'),
    title(detail ? t('Design: {name}', { name: nameOf(detail.name, detail.slug) }) : t('New workflow')),
    flash ? h('div', { className: 'notice success', role: 'status', 'data-testid': 'flash' }, flash) : null,
    detail
      ? h('section', { className: 'versions', 'aria-labelledby': 'versions-heading' },
          h('h2', { id: 'versions-heading' }, t('Versions')),
          h('p', {}, `${detail.active ? 'Active' : t('Inactive')} · head version ${detail.version} · saved ${dateText(detail.savedAt)}${detail.savedBy ? ` by ${detail.savedBy}` : ''} `,
            h('button', { type: 'button', onclick: () => void toggleActive() }, detail.active ? 'Deactivate' : t('Activate'))),
          h('ol', { className: 'version-list', 'aria-label': t('Versions') }, [...detail.versions].sort((a, b) => b - a).map((v) =>
            h('li', { 'data-version': v, 'aria-current': v === detail!.version ? 'true' : null }, t('Version {n}', { n: v }), v === detail!.version ? ' (head)' : ''))),
          introspection ? h('p', { className: 'muted', 'data-testid': 'introspection' },
            `${introspection.counts.units} units · ${introspection.counts.approvals} approvals · ${introspection.counts.withForm} with a form · by strategy: ${Object.entries(introspection.counts.byStrategy).map(([k, n]) => `${k} ${n}`).join(', ')}`) : null,
          h('p', {}, h('a', { href: `#/attachments?workflow=${enc(detail.slug)}` }, t('Attachments of this workflow'))),
          detail.active ? attachForm(detail.slug) : null)
      : null,
    h('form', { className: 'designer', novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void save(); } },
      summary, editor, h('div', { className: 'actions sticky' }, h('button', { type: 'submit', className: 'primary' }, t('Save workflow'))), result),
    detail ? autoStartEditor(detail.slug, [detail.slug]) : null);
}

/** Starts the workflow on an object (POST /workflows/{slug}/attachments), then opens the attachment. */
function attachForm(slug: string): HTMLElement {
  const type = h('input', { id: 'attach-type', value: 'PurchaseRequest' });
  const id = h('input', { id: 'attach-id' });
  const metadata = h('textarea', { id: 'attach-metadata', rows: 3, className: 'code', spellcheck: 'false' }, '{}');
  const later = h('input', { id: 'attach-later', type: 'checkbox' }) as HTMLInputElement;
  const out = h('div', { 'aria-live': 'polite' });
  return h('details', { className: 'attach' }, h('summary', {}, t('Start on an object')),
    h('form', {
      className: 'task-form', novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void (async () => {
          let meta: unknown;
          try {
            meta = JSON.parse(metadata.value || '{}');
          } catch {
            replace(out, h('p', { className: 'field-error' }, t('Metadata is not valid JSON.')));
            return;
          }
          try {
            const { attachment } = await api<{ attachment: { id: string } }>('POST', `/workflows/${enc(slug)}/attachments`, { object: { type: type.value.trim(), id: id.value.trim() }, metadata: meta, ...(later.checked ? { start: false } : {}) });
            location.hash = `#/attachments/${enc(attachment.id)}`;
          } catch (error) {
            replace(out, problemBox(error));
          }
        })();
      },
    },
    h('div', { className: 'field' }, h('label', { for: 'attach-type' }, t('Object type')), type),
    h('div', { className: 'field' }, h('label', { for: 'attach-id' }, t('Object id')), id),
    h('div', { className: 'field' }, h('label', { for: 'attach-metadata' }, t('Metadata (JSON)')), metadata),
    h('div', { className: 'field' }, later, ' ', h('label', { for: 'attach-later' }, t('Attach only (start later)'))),
    h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary' }, t('Start workflow'))), out));
}
