import * as z from 'zod';
import { Automation, flow as untyped, type Task } from '../lib/engine/authoring.js';
import type { FlowServices } from './services.js';

export interface WebinarData {
  email: string;
  /** ISO time the webinar starts. */
  webinarAt: string;
  mails?: string[];
}

/** What the flow uses of the services it is registered with. */
export type WebinarServices = Pick<FlowServices, 'mailer'>;

const flow = untyped.typed<WebinarData, WebinarServices>();

const SUBJECTS = { welcome: 'Welcome to the webinar', reminder: 'The webinar starts in 30 minutes', replay: 'The replay of the webinar' } as const;

/** Sends the mail through the mailer service (keyed by the task, so a repeated node sends the same key) and records it in the data. */
function sendMail(kind: keyof typeof SUBJECTS) {
  return async (task: Task<WebinarData, WebinarServices>) => {
    const { messageId } = await task.services.mailer.send({
      to: [task.data.email],
      subject: SUBJECTS[kind],
      text: `${SUBJECTS[kind]}: ${new Date(task.data.webinarAt).toUTCString()}.`,
      idempotencyKey: task.idempotencyKey,
    });
    task.data.mails = [...(task.data.mails ?? []), kind];
    return { to: task.data.email, kind, messageId };
  };
}

/** The reminder goes out 30 minutes before the webinar. */
export const reminderTime = (data: WebinarData) => new Date(Date.parse(data.webinarAt) - 30 * 60_000);

/** The seeds' first example: welcome mail, a reminder before the webinar, a replay offer after it. */
export class WebinarWorkflow extends Automation<WebinarData, WebinarServices> {
  static override meta = {
    verboseName: 'Webinar preparation',
    unique: ['email'],
    data: z.object({ email: z.email(), webinarAt: z.iso.datetime({ offset: true }), mails: z.array(z.string()).optional() }),
  };
  /** Data for the local stack's ready-made curl: a webinar 31 minutes ahead sends its reminder in a minute. */
  static example = () => ({ email: 'ada@example.com', webinarAt: new Date(Date.now() + 31 * 60_000).toISOString() });

  start = flow.Execute(this.init);
  sendWelcomeMail = flow.Execute(sendMail('welcome'));
  sendReminder = flow.Execute(sendMail('reminder')).AfterWaitingUntil((t) => reminderTime(t.data));
  sendReplayOffer = flow.Execute(sendMail('replay')).AfterWaitingFor({ hours: 2.5 });
  end = flow.End();

  init(task: Task<WebinarData>) {
    if (Number.isNaN(Date.parse(task.data.webinarAt))) throw new Error(`webinarAt "${task.data.webinarAt}" is not a date`);
    task.data.mails = [];
  }
}
