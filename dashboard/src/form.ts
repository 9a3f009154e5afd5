import type { JsonSchema } from './api.js';
import { h, replace } from './dom.js';

/**
 * A form from a JSON Schema (what zod's toJSONSchema makes of a Form node's schema): one
 * labelled control per property, hints from `description`, errors shown next to their field.
 * Browser validation is off (novalidate): the server's 422 field errors are the truth, so the
 * rules live in one place, the zod schema.
 */
export interface RenderedForm {
  element: HTMLFormElement;
  values(): Record<string, unknown>;
  showErrors(fieldErrors: Record<string, string[]>): void;
  clearErrors(): void;
}

const slug = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '_');

function kindOf(schema: JsonSchema): { type: string; nullable: boolean; schema: JsonSchema } {
  if (schema.anyOf) {
    const nonNull = schema.anyOf.filter((s) => s.type !== 'null');
    const nullable = nonNull.length < schema.anyOf.length;
    if (nonNull.length === 1) return { ...kindOf({ ...nonNull[0]!, description: schema.description ?? nonNull[0]!.description }), nullable };
    return { type: 'json', nullable, schema };
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nonNull = types.filter((t) => t !== 'null');
  const type = schema.enum ? 'enum' : nonNull.length === 1 ? nonNull[0]! : 'json';
  return { type, nullable: nonNull.length < types.length, schema };
}

const humanize = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function renderForm(schema: JsonSchema, prefill: Record<string, unknown> | null, submitLabel = 'Submit'): RenderedForm {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const readers = new Map<string, () => unknown>();
  const errorSlots = new Map<string, { slot: HTMLElement; control: HTMLElement }>();
  const summary = h('div', { className: 'form-errors', role: 'alert', tabindex: '-1', hidden: true });
  const fields: HTMLElement[] = [];

  for (const [name, raw] of properties) {
    const { type, schema: prop } = kindOf(raw);
    const id = `field-${slug(name)}`;
    const hintId = `hint-${slug(name)}`;
    const errorId = `error-${slug(name)}`;
    const initial = prefill?.[name] ?? prop.default;
    const label = prop.title ?? humanize(name);
    const hint = prop.description && prop.description !== label ? h('p', { className: 'hint', id: hintId }, prop.description) : null;
    const describedBy = [hint ? hintId : null, errorId].filter(Boolean).join(' ');
    const common = { id, name, 'aria-describedby': describedBy, ...(required.has(name) ? { 'aria-required': 'true' } : {}) };
    let control: HTMLElement;
    if (type === 'boolean') {
      const box = h('input', { ...common, type: 'checkbox', checked: initial === true });
      readers.set(name, () => box.checked);
      control = box;
      fields.push(h('div', { className: 'field field-checkbox' }, box, h('label', { for: id }, label), hint, h('p', { className: 'field-error', id: errorId, hidden: true })));
    } else {
      if (type === 'enum') {
        const select = h('select', common, required.has(name) ? null : h('option', { value: '' }, '—'), (prop.enum ?? []).map((v) => h('option', { value: String(v), selected: v === initial }, String(v))));
        readers.set(name, () => {
          const v = select.value;
          return v === '' && !required.has(name) ? undefined : (prop.enum ?? []).find((e) => String(e) === v) ?? v;
        });
        control = select;
      } else if (type === 'integer' || type === 'number') {
        const bound = (v: number | undefined) => (v !== undefined && Math.abs(v) < 1e15 ? v : null);
        const input = h('input', {
          ...common, type: 'text', inputmode: type === 'integer' ? 'numeric' : 'decimal',
          'data-min': bound(prop.minimum ?? prop.exclusiveMinimum), 'data-max': bound(prop.maximum ?? prop.exclusiveMaximum),
          value: typeof initial === 'number' ? String(initial) : '',
        });
        readers.set(name, () => {
          const text = input.value.trim();
          if (text === '') return undefined;
          const n = Number(text);
          return Number.isFinite(n) ? n : text; // a non-number goes to the server as typed, which says why it is wrong
        });
        control = input;
      } else if (type === 'string') {
        const long = (prop.maxLength ?? Infinity) > 200;
        const inputType = prop.format === 'email' ? 'email' : prop.format === 'date' ? 'date' : prop.format === 'date-time' ? 'datetime-local' : 'text';
        const input = long
          ? h('textarea', { ...common, rows: 3, maxlength: prop.maxLength ?? null }, typeof initial === 'string' ? initial : '')
          : h('input', { ...common, type: inputType, maxlength: prop.maxLength ?? null, value: typeof initial === 'string' ? initial : '' });
        readers.set(name, () => {
          const v = input.value;
          return v === '' && !required.has(name) ? undefined : v;
        });
        control = input;
      } else {
        const area = h('textarea', { ...common, rows: 4, className: 'json' }, initial === undefined ? '' : JSON.stringify(initial, null, 2));
        readers.set(name, () => {
          const text = area.value.trim();
          if (text === '') return undefined;
          try {
            return JSON.parse(text) as unknown;
          } catch {
            return text;
          }
        });
        control = area;
      }
      fields.push(
        h('div', { className: 'field' },
          h('label', { for: id }, label, required.has(name) ? h('span', { className: 'required', 'aria-hidden': 'true' }, ' *') : null),
          hint, control, h('p', { className: 'field-error', id: errorId, hidden: true })),
      );
    }
    errorSlots.set(name, { slot: fields[fields.length - 1]!.querySelector('.field-error') as HTMLElement, control });
  }

  const element = h('form', { className: 'task-form', novalidate: true },
    summary, fields, h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary' }, submitLabel)));

  const clearErrors = () => {
    summary.hidden = true;
    replace(summary);
    for (const { slot, control } of errorSlots.values()) {
      slot.hidden = true;
      replace(slot);
      control.removeAttribute('aria-invalid');
    }
  };

  return {
    element,
    values() {
      const out: Record<string, unknown> = {};
      for (const [name, read] of readers) {
        const v = read();
        if (v !== undefined) out[name] = v;
      }
      return out;
    },
    clearErrors,
    showErrors(fieldErrors) {
      clearErrors();
      const general: string[] = [];
      let first: HTMLElement | undefined;
      for (const [path, messages] of Object.entries(fieldErrors)) {
        const target = errorSlots.get(path.split('.')[0]!);
        if (!target) {
          general.push(...messages.map((m) => (path === '_form' ? m : `${path}: ${m}`)));
          continue;
        }
        target.slot.hidden = false;
        replace(target.slot, messages.join(' '));
        target.control.setAttribute('aria-invalid', 'true');
        first ??= target.control;
      }
      const count = Object.keys(fieldErrors).length;
      replace(summary, h('p', {}, `Please correct ${count === 1 ? 'the highlighted field' : `${count} fields`}.`), general.length ? h('ul', {}, general.map((g) => h('li', {}, g))) : null);
      summary.hidden = false;
      (first ?? summary).focus();
    },
  };
}
