import { t } from './i18n.js';
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import type { WorkflowStats } from './types.js';
import { title } from './ui.js';

/** The tenant's statistics: definitions, active ones, attachments by status. */
export async function renderStats(main: HTMLElement): Promise<void> {
  const s = await api<WorkflowStats & { statistics?: WorkflowStats }>('GET', '/workflows-stats');
  const stats = s.statistics ?? s;
  const rows: [string, number, string][] = [
    [t('Attached, not started'), stats.attachments.attached, 'attached'],
    [t('In progress'), stats.attachments.inProgress, 'inProgress'],
    [t('Completed'), stats.attachments.completed, 'completed'],
    [t('Rejected'), stats.attachments.rejected, 'rejected'],
    [t('Cancelled'), stats.attachments.cancelled, 'cancelled'],
    [t('Stopped on an error'), stats.attachments.error, 'error'],
  ];
  const total = Math.max(1, stats.attachments.total);
  replace(main, title(t('Workflow statistics')),
    h('p', {}, t('Tenant '), h('strong', { 'data-testid': 'tenant' }, stats.tenant)),
    h('dl', { className: 'facts', 'data-testid': 'definitions' },
      h('dt', {}, t('Workflows')), h('dd', {}, String(stats.definitions)),
      h('dt', {}, t('Active')), h('dd', {}, String(stats.active)),
      h('dt', {}, t('Attachments')), h('dd', {}, String(stats.attachments.total))),
    h('table', { className: 'counts' }, h('caption', {}, t('Attachments by status')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('Status')), h('th', { scope: 'col' }, t('Count')), h('th', { scope: 'col' }, t('Share')))),
      h('tbody', {}, rows.map(([label, n, key]) => h('tr', { 'data-status': key },
        h('th', { scope: 'row' }, key === 'error' ? label : h('a', { href: `#/attachments?status=${key}` }, label)),
        h('td', {}, String(n)),
        h('td', {}, h('span', { className: 'bar', style: `inline-size: ${Math.round((n / total) * 100)}%` }), ` ${Math.round((n / total) * 100)}%`))))));
}
