/**
 * Outgoing e-mail, platform-neutral: the engine and its actions send through a Mailer; the
 * deployment's is Amazon SES v2 (lib/aws/ses-mailer.ts), `npm start` points that same adapter
 * at aws-ses-v2-local, and tests may use the MemoryMailer below.
 *
 * Delivery is at least once: a mail whose send succeeded at SES but whose caller crashed
 * before recording it is sent again when the caller retries. `idempotencyKey` travels with the
 * mail (adapters attach it as a header and a tag) so duplicates can be recognised downstream;
 * callers that must not send twice record the key after a successful send and skip it on retry.
 */
export interface Mail {
  /** Recipient addresses (at least one; at most 50, SES's limit per message). */
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Stable across retries of the same logical send (e.g. an action's idempotency key). */
  idempotencyKey: string;
}

export interface Mailer {
  send(mail: Mail): Promise<{ messageId: string }>;
}

export const MAX_RECIPIENTS = 50;

/** A deliberately simple address check: one @, no spaces or angle brackets, a dot in the domain. */
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

export class MailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailError';
  }
}

/** Checks a mail before it is sent; throws a MailError naming every problem. */
export function checkMail(mail: Mail): Mail {
  const problems: string[] = [];
  if (!Array.isArray(mail.to) || mail.to.length === 0) problems.push('no recipient');
  else {
    if (mail.to.length > MAX_RECIPIENTS) problems.push(`${mail.to.length} recipients (at most ${MAX_RECIPIENTS})`);
    const bad = mail.to.filter((a) => typeof a !== 'string' || !isEmailAddress(a));
    if (bad.length) problems.push(`not an e-mail address: ${bad.map((a) => JSON.stringify(a)).join(', ')}`);
  }
  if (typeof mail.subject !== 'string' || mail.subject.trim() === '') problems.push('the subject is empty');
  else if (/[\r\n]/.test(mail.subject)) problems.push('the subject has a line break');
  if (typeof mail.text !== 'string' || mail.text === '') problems.push('the text is empty');
  if (typeof mail.idempotencyKey !== 'string' || mail.idempotencyKey === '') problems.push('the idempotency key is empty');
  if (problems.length) throw new MailError(`The mail cannot be sent: ${problems.join('; ')}`);
  return mail;
}

/** Keeps mails in memory (tests, dry runs). Like SES it does not dedupe: a repeated key is sent again. */
export class MemoryMailer implements Mailer {
  readonly sent: (Mail & { messageId: string })[] = [];

  async send(mail: Mail): Promise<{ messageId: string }> {
    checkMail(mail);
    const messageId = `memory-${this.sent.length + 1}`;
    this.sent.push({ ...mail, to: [...mail.to], messageId });
    return { messageId };
  }
}
