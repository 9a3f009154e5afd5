export const MAX_RECIPIENTS = 50;
/** A deliberately simple address check: one @, no spaces or angle brackets, a dot in the domain. */
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
export function isEmailAddress(value) {
    return value.length <= 254 && ADDRESS.test(value);
}
export class MailError extends Error {
    constructor(message) {
        super(message);
        this.name = 'MailError';
    }
}
/** Checks a mail before it is sent; throws a MailError naming every problem. */
export function checkMail(mail) {
    const problems = [];
    if (!Array.isArray(mail.to) || mail.to.length === 0)
        problems.push('no recipient');
    else {
        if (mail.to.length > MAX_RECIPIENTS)
            problems.push(`${mail.to.length} recipients (at most ${MAX_RECIPIENTS})`);
        const bad = mail.to.filter((a) => typeof a !== 'string' || !isEmailAddress(a));
        if (bad.length)
            problems.push(`not an e-mail address: ${bad.map((a) => JSON.stringify(a)).join(', ')}`);
    }
    if (typeof mail.subject !== 'string' || mail.subject.trim() === '')
        problems.push('the subject is empty');
    else if (/[\r\n]/.test(mail.subject))
        problems.push('the subject has a line break');
    if (typeof mail.text !== 'string' || mail.text === '')
        problems.push('the text is empty');
    if (typeof mail.idempotencyKey !== 'string' || mail.idempotencyKey === '')
        problems.push('the idempotency key is empty');
    if (problems.length)
        throw new MailError(`The mail cannot be sent: ${problems.join('; ')}`);
    return mail;
}
/** Keeps mails in memory (tests, dry runs). Like SES it does not dedupe: a repeated key is sent again. */
export class MemoryMailer {
    sent = [];
    async send(mail) {
        checkMail(mail);
        const messageId = `memory-${this.sent.length + 1}`;
        this.sent.push({ ...mail, to: [...mail.to], messageId });
        return { messageId };
    }
}
