import * as z from 'zod';
import { Automation, flow as untyped, refs, type Task } from '../lib/engine/authoring.js';

export interface ProcessInputData {
  requester: string;
  amount: number;
  approval?: { approved: boolean; comment?: string };
  outcome?: 'processed' | 'rejected';
}

const flow = untyped.typed<ProcessInputData>();
const self = refs<ProcessInput>();

export const approvalForm = z.object({
  approved: z.boolean().describe('Approve the amount'),
  comment: z.string().max(500).optional(),
});

/** The seeds' ProcessInput: amounts above `critical` need an approver's sign-off within three days. */
export class ProcessInput extends Automation<ProcessInputData> {
  static override meta = { verboseName: 'Process input', data: z.object({ requester: z.string().min(1), amount: z.number() }) };
  /** A class constant, like the seeds' `critical = 10_000`: shared by every instance. */
  critical = 10_000;

  start = flow.Execute(this.getUserInput);
  check = flow.If(this.doesNotNeedApproval).Then(self.process);
  approval = flow.Form(approvalForm, { description: 'Approve or reject the amount', context: { policy: 'amounts over 10,000 need approval' } })
    .Group('approvers')
    .SkipAfter({ days: 3 });
  decide = flow.If((t) => t.data.approval?.approved === true).Then(self.process).Else(self.reject);
  process = flow.Execute(this.processInput).Next('end');
  reject = flow.Execute(this.rejectInput);
  end = flow.End();

  /** A business rule checked by the flow itself: an instance with a non-positive amount stops on an error, visible to operators. */
  getUserInput(task: Task<ProcessInputData>) {
    if (!(Number.isFinite(task.data.amount) && task.data.amount > 0)) throw new RangeError(`amount must be a positive number, got ${task.data.amount}`);
  }
  doesNotNeedApproval(task: Task<ProcessInputData>) {
    return task.data.amount <= this.critical;
  }
  processInput(task: Task<ProcessInputData>) {
    task.data.outcome = 'processed';
    return { processed: task.data.amount };
  }
  rejectInput(task: Task<ProcessInputData>) {
    task.data.outcome = 'rejected';
  }
}
