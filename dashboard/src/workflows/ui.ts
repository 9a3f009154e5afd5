import { t } from './i18n.js';
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import type { AttachmentStatus } from './types.js';

/** Small pieces the workflow pages share. */
export function title(text: string): HTMLElement {
  document.title = `${text} · Automations`;
  return h('h1', {}, text);
}

export function crumbs(href: string, text: string): HTMLElement {
  return h('p', { className: 'crumbs' }, h('a', { href }, text));
}

/** The server's refusal, clearly: status, its meaning, the message, and field problems when any. */
export function problemBox(error: unknown): HTMLElement {
  if (!(error instanceof ApiError)) return h('div', { className: 'notice error', role: 'alert' }, error instanceof Error ? error.message : String(error));
  const meaning: Record<number, string> = {
    403: t('Not allowed: you are not an approver of this step.'),
    404: t('Not found.'),
    409: t('Conflict: the step changed meanwhile (someone else decided, or it moved on). Reload to see where it stands.'),
    422: t('The input was refused.'),
  };
  const details = Array.isArray(error.details)
    ? (error.details as { path?: string; message?: string }[]).map((d) => `${d.path ? `${d.path}: ` : ''}${d.message ?? ''}`)
    : error.details && typeof error.details === 'object'
      ? Object.entries(error.details as Record<string, unknown>).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
      : [];
  return h('div', { className: 'notice error', role: 'alert', 'data-status': error.status },
    h('strong', {}, `${error.status} `), meaning[error.status] ? h('span', {}, meaning[error.status], ' ') : null, h('span', { className: 'message' }, error.message),
    details.length ? h('ul', {}, details.map((d) => h('li', {}, d))) : null);
}

const STATUS_TEXT: Record<AttachmentStatus, string> = { attached: 'Attached, not started', inProgress: 'In progress', completed: 'Completed', rejected: 'Rejected', cancelled: 'Cancelled' };

export function statusBadge(status: AttachmentStatus, error?: string | null): HTMLElement {
  return h('span', { className: `status wf-status-${status}${error ? ' status-error' : ''}`, 'data-status': status }, t(STATUS_TEXT[status] ?? status), error ? t(' (stopped on an error)') : '');
}

export function progressBar(percent: number, label: string): HTMLElement {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return h('div', { className: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': value, 'aria-label': label },
    h('span', { className: 'progress-fill', style: `inline-size: ${value}%` }), h('span', { className: 'progress-text' }, `${value}%`));
}
