/**
 * Example approval workflows as data (docs/workflows.md), for the local stack to upsert with
 * `WorkflowService.upsert`. Their approvers are the development users of lib/identity/dev.ts
 * (tenant `acme`).
 */
import type { WorkflowDocument } from '../lib/engine/workflows/types.js';

/** The seed's purchase request: Finance (Initial Review → Budget Approval → Final Sign-off), then Management (Executive Approval by every executive). */
export const purchaseRequestWorkflow: WorkflowDocument = {
  slug: 'purchase-request',
  tenant: 'acme',
  name: { en: 'Purchase approval', ar: 'موافقة الشراء' },
  description: 'Purchase requests: reviewed and budgeted by Finance, then approved by every executive.',
  strategy: 'stages',
  statusSync: { PurchaseRequest: { statusField: 'approval_status', completedValue: 'approved', rejectedValue: 'rejected' } },
  pipelines: [
    {
      id: 'finance',
      name: { en: 'Finance', ar: 'المالية' },
      order: 1,
      stages: [
        {
          id: 'initial-review',
          name: { en: 'Initial Review', ar: 'المراجعة الأولية' },
          order: 1,
          approvals: [{ by: 'group', group: 'finance-reviewers', strategy: 'roundRobin', type: 'checkIn' }],
          remindAfter: '1d',
          escalateAfter: '3d',
          escalateTo: 'finance-directors',
        },
        {
          id: 'budget-approval',
          name: { en: 'Budget Approval', ar: 'اعتماد الميزانية' },
          order: 2,
          approvals: [
            {
              by: 'group',
              group: 'budget-managers',
              strategy: 'anyone',
              type: 'submit',
              form: {
                type: 'object',
                properties: {
                  budgetCode: { type: 'string', title: 'Budget code', minLength: 3, maxLength: 20 },
                  approvedAmount: { type: 'number', title: 'Approved amount', minimum: 0 },
                },
                required: ['budgetCode', 'approvedAmount'],
              },
            },
          ],
        },
        {
          id: 'final-sign-off',
          name: { en: 'Final Sign-off', ar: 'الاعتماد النهائي' },
          order: 3,
          approvals: [{ by: 'group', group: 'finance-directors', strategy: 'anyone' }],
        },
      ],
    },
    {
      id: 'management',
      name: { en: 'Management', ar: 'الإدارة' },
      order: 2,
      stages: [
        {
          id: 'executive-approval',
          name: { en: 'Executive Approval', ar: 'موافقة الإدارة التنفيذية' },
          approvals: [{ by: 'group', group: 'executives', strategy: 'all' }],
        },
      ],
    },
  ],
};

/** A single-strategy workflow: one approver of the `approvers` group decides a time-off request. */
export const timeOffWorkflow: WorkflowDocument = {
  slug: 'time-off',
  tenant: 'acme',
  name: { en: 'Time off', ar: 'إجازة' },
  strategy: 'single',
  approvals: [
    {
      by: 'group',
      group: 'approvers',
      strategy: 'anyone',
      form: { type: 'object', properties: { note: { type: 'string', maxLength: 500 } } },
    },
  ],
  statusSync: { LeaveRequest: { statusField: 'status', completedValue: 'granted', rejectedValue: 'declined' } },
};

/** The example workflows the local stack upserts. */
export const workflows: readonly WorkflowDocument[] = [purchaseRequestWorkflow, timeOffWorkflow];
