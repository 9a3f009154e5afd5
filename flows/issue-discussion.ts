import * as z from 'zod';
import { Automation, flow as untyped, refs, type Task } from '../lib/engine/authoring.js';

export interface IssueDiscussionData {
  issue: string;
  /** ISO time the discussion closes. */
  deadline: string;
  confCallThisWeek: boolean;
  pendingMails?: number;
  moderated?: number;
  moderate?: { approved: number; rejected: number; note?: string };
  log?: string[];
}

const flow = untyped.typed<IssueDiscussionData>();
const self = refs<IssueDiscussion>();

export const mailModeration = z.object({
  approved: z.number().int().min(0).describe('Mails approved for the list'),
  rejected: z.number().int().min(0).describe('Mails rejected'),
  note: z.string().max(500).optional(),
});

const note = (t: Task<IssueDiscussionData>, entry: string) => void (t.data.log = [...(t.data.log ?? []), entry]);

/**
 * The seeds' IssueDiscussion: announce an issue, then in parallel moderate incoming mail until
 * the deadline, warn a day before it, and block a conference call if one is planned this week;
 * evaluate when all three paths are done.
 */
export class IssueDiscussion extends Automation<IssueDiscussionData> {
  static override meta = {
    verboseName: 'Issue discussion',
    publishReceivers: true,
    data: z.object({
      issue: z.string().min(1),
      deadline: z.iso.datetime({ offset: true }),
      confCallThisWeek: z.boolean().default(false),
      pendingMails: z.number().int().min(0).optional(),
    }),
  };

  start = flow.Execute(this.publishAnnouncement);
  parallel = flow.Split().Next(self.moderation).Next(self.warning).Next(self.confCall);

  moderation = flow.If(this.noNewMails).Then(self.repeat);
  moderate = flow.Form(mailModeration, { description: 'Moderate the new mails on the issue' }).Group('Moderators');
  recordModeration = flow.Execute(this.countModerated);
  repeat = flow.If(this.moderationDeadlineReached).Then('join').Else(self.moderation).AfterWaitingFor({ hours: 1 });

  warning = flow.Execute(this.sendDeadlineWarning)
    .AfterWaitingUntil((t) => new Date(Date.parse(t.data.deadline) - 86_400_000))
    .Next('join');

  confCall = flow.If((t) => t.data.confCallThisWeek).Then(self.moderateCall).Else('join');
  moderateCall = flow.Execute(this.blockCalendar);

  join = flow.Join();
  evaluate = flow.Execute(this.summarize);
  end = flow.End();

  publishAnnouncement(task: Task<IssueDiscussionData>) {
    task.data.pendingMails = task.data.pendingMails ?? 0;
    task.data.moderated = 0;
    note(task, `announced ${task.data.issue}`);
  }
  noNewMails(task: Task<IssueDiscussionData>) {
    return (task.data.pendingMails ?? 0) === 0;
  }
  countModerated(task: Task<IssueDiscussionData>) {
    task.data.moderated = (task.data.moderated ?? 0) + (task.data.pendingMails ?? 0);
    task.data.pendingMails = 0;
    note(task, `moderated ${task.data.moderate?.approved ?? 0} approved`);
  }
  moderationDeadlineReached(task: Task<IssueDiscussionData>) {
    return task.now.getTime() >= Date.parse(task.data.deadline);
  }
  sendDeadlineWarning(task: Task<IssueDiscussionData>) {
    note(task, 'deadline warning sent');
  }
  blockCalendar(task: Task<IssueDiscussionData>) {
    note(task, 'conference call blocked');
  }
  summarize(task: Task<IssueDiscussionData>) {
    note(task, `evaluated: ${task.data.moderated ?? 0} mails moderated`);
    return { moderated: task.data.moderated ?? 0 };
  }

  /** A new mail arrived on the issue's list (e.g. from a mail webhook). */
  receiveNewMail() {
    this.data.pendingMails = (this.data.pendingMails ?? 0) + 1;
  }
}
