import { t } from './i18n.js';
import { api, ApiError, type JsonSchema, type TaskForm } from '../api.js';
import { h, replace } from '../dom.js';
import { renderForm, type RenderedForm } from '../form.js';
import type { AttachmentView, DirectoryUser } from './types.js';
import { problemBox } from './ui.js';

/**
 * The decision panel of an approval item from the inbox: Approve (with the step's form when it
 * has one), Reject and Resubmit (a reason dialog; Resubmit picks the current or an earlier
 * stage), Delegate (a picker fed by GET /directory/users). Refusals (403, 409, 422) are shown
 * as the server states them; nothing is decided on the client.
 */
type Action = 'approve' | 'reject' | 'delegate' | 'resubmit';
const enc = encodeURIComponent;

async function decide(id: string, body: { action: Action; reason?: string; values?: Record<string, unknown>; to?: string; stage?: string }): Promise<{ effect: { kind: string }; attachment: AttachmentView }> {
  return api('POST', `/attachments/${enc(id)}/decisions`, body);
}

/** Field errors of a 422 for the form (`values.x` or `x`). */
function valueErrors(error: ApiError): Record<string, string[]> | null {
  if (error.status !== 422 || !error.details || typeof error.details !== 'object' || Array.isArray(error.details)) return null;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(error.details as Record<string, unknown>)) out[k.replace(/^values\./, '')] = Array.isArray(v) ? v.map(String) : [String(v)];
  return out;
}

function dialog(titleText: string, body: HTMLElement[], confirm: string, onConfirm: (result: HTMLElement, close: () => void) => Promise<void>): HTMLDialogElement {
  const result = h('div', { 'aria-live': 'polite' });
  const id = `dialog-${Math.random().toString(36).slice(2)}`;
  const el = h('dialog', { className: 'wf-dialog', 'aria-labelledby': id });
  const close = () => {
    el.close();
    el.remove();
  };
  const form = h('form', {
    novalidate: true,
    onsubmit: (e: Event) => {
      e.preventDefault();
      const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
      button.disabled = true;
      void onConfirm(result, close).finally(() => {
        button.disabled = false;
      });
    },
  },
  h('h2', { id }, titleText), body, result,
  h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary' }, confirm), h('button', { type: 'button', onclick: close }, t('Cancel'))));
  el.append(form);
  document.body.append(el);
  el.showModal();
  return el;
}

function reasonField(): { field: HTMLElement; area: HTMLTextAreaElement; error: HTMLElement } {
  const area = h('textarea', { id: 'decision-reason', rows: 3, 'aria-required': 'true', 'aria-describedby': 'decision-reason-error' });
  const error = h('p', { className: 'field-error', id: 'decision-reason-error', hidden: true });
  return { field: h('div', { className: 'field' }, h('label', { for: 'decision-reason' }, t('Reason'), h('span', { className: 'required', 'aria-hidden': 'true' }, ' *')), area, error), area, error };
}

function requireReason(area: HTMLTextAreaElement, error: HTMLElement): string | null {
  const reason = area.value.trim();
  if (reason) {
    error.hidden = true;
    area.removeAttribute('aria-invalid');
    return reason;
  }
  replace(error, t('A reason is required.'));
  error.hidden = false;
  area.setAttribute('aria-invalid', 'true');
  area.focus();
  return null;
}

async function handleError(error: unknown, result: HTMLElement, form?: RenderedForm): Promise<void> {
  const fields = error instanceof ApiError ? valueErrors(error) : null;
  if (form && fields && Object.keys(fields).some((k) => k !== 'reason' && k !== 'to' && k !== 'stage' && k !== 'action')) form.showErrors(fields);
  replace(result, problemBox(error));
}

export async function decisionPanel(a: AttachmentView, task: number, stages: { id: string; name: string }[], done: () => void): Promise<HTMLElement> {
  let schema: JsonSchema | null = null;
  try {
    schema = (await api<TaskForm>('GET', `/tasks/${enc(a.id)}/${task}`)).schema;
  } catch (error) {
    // Not (or no longer) open to this user: the panel says so; deciding would be refused anyway.
    return h('section', { className: 'decision', 'aria-labelledby': 'decide-heading' }, h('h2', { id: 'decide-heading' }, t('Your decision')), problemBox(error));
  }
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'decision-result' });
  const hasForm = Object.keys(schema?.properties ?? {}).length > 0;
  const form = hasForm ? renderForm(schema!, null, t('Approve')) : null;
  const after = (effect: { kind: string }, to?: string) => {
    const text: Record<string, string> = { checkedIn: 'Checked in: approve again to complete the step.', voted: t('Your approval is recorded.'), approved: t('Approved.'), rejected: t('Rejected.'), delegated: `Delegated to ${to ?? ''}.`, resubmitted: t('Sent back for resubmission.') };
    sessionStorage.setItem('automations.flash', text[effect.kind] ?? effect.kind);
    done();
  };
  const approve = async (values?: Record<string, unknown>) => {
    try {
      const r = await decide(a.id, { action: 'approve', ...(values ? { values } : {}) });
      after(r.effect);
    } catch (error) {
      await handleError(error, result, form ?? undefined);
    }
  };
  if (form) {
    form.element.addEventListener('submit', (e) => {
      e.preventDefault();
      void approve(form.values());
    });
  }

  const openReason = (action: 'reject' | 'resubmit') => {
    const { field, area, error } = reasonField();
    const current = stages[stages.length - 1];
    const select = action === 'resubmit'
      ? h('select', { id: 'decision-stage' }, stages.map((s) => h('option', { value: s.id, selected: s === current }, s === current ? `${s.name} (current)` : s.name)))
      : null;
    dialog(action === 'reject' ? t('Reject') : t('Ask for resubmission'),
      [field, select ? h('div', { className: 'field' }, h('label', { for: 'decision-stage' }, t('Start again from')), select) : null].filter((x): x is HTMLElement => x !== null),
      action === 'reject' ? t('Reject') : t('Resubmit'),
      async (out, close) => {
        const reason = requireReason(area, error);
        if (!reason) return;
        try {
          const r = await decide(a.id, { action, reason, ...(select ? { stage: select.value } : {}) });
          close();
          after(r.effect);
        } catch (e) {
          await handleError(e, out);
        }
      });
    area.focus();
  };

  const openDelegate = () => {
    const search = h('input', { id: 'delegate-search', type: 'search', autocomplete: 'off', placeholder: t('Name or id') });
    const list = h('div', { className: 'picker', role: 'radiogroup', 'aria-label': t('Users') });
    const error = h('p', { className: 'field-error', hidden: true });
    const reason = h('textarea', { id: 'delegate-reason', rows: 2 });
    let timer: number | undefined;
    const load = async () => {
      const q = search.value.trim();
      try {
        const { users } = await api<{ users: DirectoryUser[] }>('GET', `/directory/users${q ? `?q=${enc(q)}` : ''}`);
        replace(list, users.length
          ? users.map((u) => h('label', { className: 'picker-option' }, h('input', { type: 'radio', name: 'delegate-to', value: u.id }), ` ${u.name ?? u.id}`, u.name ? h('span', { className: 'muted' }, ` (${u.id})`) : null))
          : h('p', { className: 'empty' }, t('Nobody matches.')));
      } catch (e) {
        replace(list, problemBox(e));
      }
    };
    search.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void load(), 150);
    });
    dialog('Delegate', [
      h('div', { className: 'field' }, h('label', { for: 'delegate-search' }, t('Find a user')), search), list, error,
      h('div', { className: 'field' }, h('label', { for: 'delegate-reason' }, t('Note (optional)')), reason),
    ], t('Delegate'), async (out, close) => {
      const to = (list.querySelector('input[name="delegate-to"]:checked') as HTMLInputElement | null)?.value;
      if (!to) {
        replace(error, t('Pick the user to delegate to.'));
        error.hidden = false;
        return;
      }
      error.hidden = true;
      try {
        const r = await decide(a.id, { action: 'delegate', to, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) });
        close();
        after(r.effect, to);
      } catch (e) {
        await handleError(e, out);
      }
    });
    void load();
    search.focus();
  };

  const type = a.waitingFor?.type ?? 'approve';
  return h('section', { className: 'decision', 'aria-labelledby': 'decide-heading' },
    h('h2', { id: 'decide-heading' }, t('Your decision')),
    h('p', { className: 'muted' }, type === 'checkIn' ? 'This step is a check-in: the first approval records that you took it, the second completes it.' : `Step type: ${type}`),
    form ? form.element : null,
    h('div', { className: 'actions decision-actions' },
      form ? null : h('button', { type: 'button', className: 'primary', onclick: () => void approve() }, t('Approve')),
      h('button', { type: 'button', onclick: () => openReason('reject') }, t('Reject')),
      h('button', { type: 'button', onclick: openDelegate }, t('Delegate')),
      h('button', { type: 'button', onclick: () => openReason('resubmit') }, t('Resubmit'))),
    result);
}
