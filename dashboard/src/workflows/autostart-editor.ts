import { api, ApiError } from '../api.js';
import { h, replace, type Child } from '../dom.js';
import { t } from './i18n.js';
import { problemBox } from './ui.js';
import type { WorkflowProblem } from './types.js';

/**
 * The designer's auto-start rule editor: an object type's fields and its rules (workflow,
 * conditions combined with and, events). Loads `GET /autostart/{type}`, saves
 * `PUT /autostart/{type}` (a new version); the server's 422 problems (`rules[0].conditions[1].op`)
 * are shown next to the control they name, or the nearest enclosing one.
 */
const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'] as const;
const FIELD_TYPES = ['string', 'number', 'boolean'] as const;
const EVENTS = ['created', 'updated'] as const;
const enc = encodeURIComponent;

interface ConditionRow { field: string; op: string; value: string }
interface RuleRow { workflow: string; conditions: ConditionRow[]; on: string[] }
interface FieldRow { name: string; type: string }
interface AutoStartDoc { fields: Record<string, string>; rules: { workflow: string; conditions: { field: string; op: string; value?: unknown }[]; on?: string[] }[] }

/** A condition's value as typed text → what the server expects (by the field's type; `in` takes a comma list). */
function valueOf(row: ConditionRow, type: string | undefined): unknown {
  const one = (text: string): unknown => {
    const v = text.trim();
    if (type === 'number' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    if (type === 'boolean' && (v === 'true' || v === 'false')) return v === 'true';
    return v;
  };
  if (row.op === 'exists') return row.value.trim() === '' ? undefined : row.value.trim() !== 'false';
  if (row.op === 'in') return row.value.split(',').map(one);
  return one(row.value);
}

const textOf = (value: unknown): string => (value === undefined ? '' : Array.isArray(value) ? value.map(String).join(', ') : String(value));

export function autoStartEditor(workflow: string, workflows: readonly string[]): HTMLElement {
  const state = { objectType: 'PurchaseRequest', fields: [] as FieldRow[], rules: [] as RuleRow[], loaded: false };
  const body = h('div', { className: 'autostart-body' });
  const summary = h('div', { className: 'form-errors', role: 'alert', tabindex: '-1', hidden: true });
  const result = h('div', { 'aria-live': 'polite' });
  const slotId = (path: string) => `as-err-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const errorSlot = (path: string) => h('p', { className: 'field-error', 'data-as-error-for': path, id: slotId(path), hidden: true });
  const control = (path: string, label: string, el: HTMLElement): HTMLElement => {
    el.id = `as-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    el.setAttribute('data-as-path', path);
    el.setAttribute('aria-describedby', slotId(path));
    return h('div', { className: 'field' }, h('label', { for: el.id }, label), el, errorSlot(path));
  };
  const text = (path: string, label: string, value: string, set: (v: string) => void) =>
    control(path, label, h('input', { type: 'text', value, oninput: (e: Event) => set((e.target as HTMLInputElement).value) }));
  const choose = (path: string, label: string, value: string, options: readonly string[], set: (v: string) => void) =>
    control(path, label, h('select', { onchange: (e: Event) => { set((e.target as HTMLSelectElement).value); draw(); } }, options.map((o) => h('option', { value: o, selected: o === value }, o))));
  const button = (label: string, fn: () => void, testid?: string) => h('button', { type: 'button', 'data-testid': testid ?? null, onclick: () => { fn(); draw(); } }, label);

  const draw = () => {
    const children: Child[] = [
      h('fieldset', { className: 'autostart-fields', 'data-as-path': 'fields' }, h('legend', {}, t('Object fields')),
        state.fields.map((f, i) => h('div', { className: 'inline-fields', 'data-field-row': i },
          text(`fields.${f.name}`, t('Field'), f.name, (v) => { f.name = v; }),
          choose(`fields.${f.name}.type`, t('Field type'), f.type, FIELD_TYPES, (v) => { f.type = v; }),
          button(t('Remove field'), () => state.fields.splice(i, 1)))),
        errorSlot('fields'),
        button(t('Add field'), () => state.fields.push({ name: '', type: 'number' }), 'add-field')),
      h('div', { 'data-as-path': 'rules' }, errorSlot('rules')),
      state.rules.map((r, ri) => {
        const rp = `rules[${ri}]`;
        return h('fieldset', { className: 'autostart-rule', 'data-as-path': rp }, h('legend', {}, `${t('Rule')} ${ri + 1}`),
          choose(`${rp}.workflow`, t('Workflow'), r.workflow, [...new Set([r.workflow, ...workflows])], (v) => { r.workflow = v; }),
          h('fieldset', { className: 'events' }, h('legend', {}, t('On events')),
            EVENTS.map((ev) => h('label', {}, h('input', {
              type: 'checkbox', checked: r.on.includes(ev), 'data-event': ev,
              onchange: (e: Event) => { r.on = (e.target as HTMLInputElement).checked ? [...r.on, ev] : r.on.filter((x) => x !== ev); },
            }), ` ${ev} `)),
            errorSlot(`${rp}.on`)),
          h('div', { className: 'conditions', 'data-as-path': `${rp}.conditions` }, h('h4', {}, t('Conditions')),
            r.conditions.map((c, ci) => {
              const cp = `${rp}.conditions[${ci}]`;
              return h('div', { className: 'inline-fields condition', 'data-as-path': cp },
                text(`${cp}.field`, t('Field'), c.field, (v) => { c.field = v; }),
                choose(`${cp}.op`, t('Operator'), c.op, OPS, (v) => { c.op = v; }),
                text(`${cp}.value`, t('Value'), c.value, (v) => { c.value = v; }),
                errorSlot(cp),
                button(t('Remove condition'), () => r.conditions.splice(ci, 1)));
            }),
            errorSlot(`${rp}.conditions`),
            button(t('Add condition'), () => r.conditions.push({ field: state.fields[0]?.name ?? '', op: 'eq', value: '' }), `add-condition-${ri}`)),
          errorSlot(rp),
          button(t('Remove rule'), () => state.rules.splice(ri, 1)));
      }),
      button(t('Add rule'), () => state.rules.push({ workflow, conditions: [], on: [...EVENTS] }), 'add-rule'),
    ];
    replace(body, children);
  };

  const documentOf = (): AutoStartDoc => {
    const types = new Map(state.fields.map((f) => [f.name, f.type]));
    return {
      fields: Object.fromEntries(state.fields.map((f) => [f.name, f.type])),
      rules: state.rules.map((r) => ({
        workflow: r.workflow,
        conditions: r.conditions.map((c) => {
          const value = valueOf(c, types.get(c.field));
          return { field: c.field, op: c.op, ...(value === undefined ? {} : { value }) };
        }),
        ...(r.on.length === EVENTS.length ? {} : { on: r.on }),
      })),
    };
  };

  const clear = () => {
    summary.hidden = true;
    replace(summary);
    replace(result);
    for (const slot of body.querySelectorAll<HTMLElement>('[data-as-error-for]')) {
      slot.hidden = true;
      replace(slot);
    }
    for (const c of body.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  };
  const show = (problems: WorkflowProblem[]) => {
    clear();
    const unplaced: string[] = [];
    for (const p of problems) {
      let path = p.path;
      let slot: HTMLElement | null = null;
      while (!(slot = body.querySelector<HTMLElement>(`[data-as-error-for="${CSS.escape(path)}"]`)) && /(\.[^.[\]]*|\[\d+\])$/.test(path)) path = path.replace(/(\.[^.[\]]*|\[\d+\])$/, '');
      if (!slot) {
        unplaced.push(`${p.path}: ${p.message}`);
        continue;
      }
      slot.hidden = false;
      slot.append(h('span', { 'data-problem': p.path }, path === p.path ? p.message : `${p.path}: ${p.message}`), ' ');
      body.querySelector(`[data-as-path="${CSS.escape(path)}"]`)?.setAttribute('aria-invalid', 'true');
    }
    replace(summary, h('p', {}, t('The rules were not saved: {count} problem(s).', { count: problems.length })), unplaced.length ? h('ul', {}, unplaced.map((u) => h('li', {}, u))) : null);
    summary.hidden = false;
    summary.focus();
  };

  // While the rules load, the editor is inert: an edit made then would be overwritten by what arrives.
  const load = async () => {
    clear();
    body.inert = true;
    body.setAttribute('aria-busy', 'true');
    let loaded: string;
    try {
      const { autostart } = await api<{ autostart: { version: number; document: AutoStartDoc } }>('GET', `/autostart/${enc(state.objectType.trim())}`);
      state.fields = Object.entries(autostart.document.fields).map(([name, type]) => ({ name, type }));
      state.rules = autostart.document.rules.map((r) => ({ workflow: r.workflow, on: r.on ?? [...EVENTS], conditions: r.conditions.map((c) => ({ field: c.field, op: c.op, value: textOf(c.value) })) }));
      loaded = t('Loaded version {version}', { version: autostart.version });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        replace(result, problemBox(error));
        return;
      }
      state.fields = [];
      state.rules = [];
      loaded = t('No rules yet: start from an empty set');
    } finally {
      body.inert = false;
      body.removeAttribute('aria-busy');
    }
    state.loaded = true;
    draw();
    replace(result, h('p', { className: 'notice', role: 'status', 'data-testid': 'autostart-loaded' }, loaded));
  };

  const save = async () => {
    clear();
    try {
      const { autostart } = await api<{ autostart: { version: number } }>('PUT', `/autostart/${enc(state.objectType.trim() || '-')}`, documentOf());
      replace(result, h('div', { className: 'notice success', role: 'status', 'data-testid': 'autostart-saved' }, t('Rules saved: version {version}', { version: autostart.version })));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && Array.isArray(error.details)) show(error.details as WorkflowProblem[]);
      else replace(result, problemBox(error));
    }
  };

  const typeInput = h('input', { id: 'autostart-type', type: 'text', value: state.objectType, oninput: (e: Event) => { state.objectType = (e.target as HTMLInputElement).value; } });
  draw();
  return h('section', { className: 'autostart', 'aria-labelledby': 'autostart-heading', 'data-testid': 'autostart-editor' },
    h('h2', { id: 'autostart-heading' }, t('Auto-start rules')),
    h('div', { className: 'field' }, h('label', { for: 'autostart-type' }, t('Object type')), typeInput,
      ' ', h('button', { type: 'button', 'data-testid': 'load-rules', onclick: () => void load() }, t('Load rules'))),
    summary, body,
    h('div', { className: 'actions' }, h('button', { type: 'button', className: 'primary', 'data-testid': 'save-rules', onclick: () => void save() }, t('Save rules'))),
    result);
}
