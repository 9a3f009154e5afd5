import { t } from './i18n.js';
import { h } from '../dom.js';
import { renderAttachment, renderAttachmentList } from './attachments.js';
import { renderDesigner, renderWorkflowList } from './designer.js';
import { renderStats } from './stats.js';
import { WORKFLOW_AUTOMATION_PREFIX } from './types.js';

/**
 * The approval-workflow pages' hash routes: #/workflows, #/workflows/new, #/workflows/<slug>,
 * #/attachments, #/attachments/<id>, #/approvals/<attachment>/<task> (an inbox item),
 * #/workflow-stats. Returns false for any other route.
 */
export async function routeWorkflows(main: HTMLElement, parts: string[], params: URLSearchParams): Promise<boolean> {
  const rerender = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
  if (parts[0] === 'workflows' && parts[1] === 'new') return renderDesigner(main, null).then(() => true);
  if (parts[0] === 'workflows' && parts[1]) return renderDesigner(main, parts[1]).then(() => true);
  if (parts[0] === 'workflows') return renderWorkflowList(main).then(() => true);
  if (parts[0] === 'attachments' && parts[1]) return renderAttachment(main, parts[1], null, rerender).then(() => true);
  if (parts[0] === 'attachments') return renderAttachmentList(main, params).then(() => true);
  if (parts[0] === 'approvals' && parts[1] && parts[2]) {
    const id = parts[1];
    await renderAttachment(main, id, Number(parts[2]), () => {
      location.hash = `#/attachments/${encodeURIComponent(id)}`;
    });
    return true;
  }
  if (parts[0] === 'workflow-stats') return renderStats(main).then(() => true);
  return false;
}

/** Inbox items of approval steps open the attachment page with the decision panel. */
export function isApprovalItem(automation: string): boolean {
  return automation.startsWith(WORKFLOW_AUTOMATION_PREFIX);
}

export function approvalHref(instanceId: string, task: number): string {
  return `#/approvals/${encodeURIComponent(instanceId)}/${task}`;
}

export function workflowNavLinks(): HTMLElement[] {
  return [h('li', {}, h('a', { href: '#/workflows' }, t('Workflows'))), h('li', {}, h('a', { href: '#/attachments' }, t('Attachments')))];
}
