import { describe, expect, it } from 'vitest';
import { devDirectory } from '../../lib/identity/dev.js';
import { StaticDirectory } from '../../lib/identity/directory.js';
import { escapeHtml, NOTIFICATION_KINDS, notificationLocale, renderNotification, resolveRecipients, type NotificationContext } from '../../lib/engine/workflows/notifications.js';

const context: NotificationContext = {
  workflow: { name: { en: 'Purchase approval', ar: 'موافقة الشراء' }, slug: 'purchase' },
  object: { type: 'PurchaseRequest', id: 'PR-1042' },
  stage: { en: 'Budget Approval', ar: 'موافقة الميزانية' },
  actor: { id: 'omar', name: 'Omar' },
  delegate: { id: 'cora', name: 'Cora' },
  reason: 'Over budget',
  link: 'https://automations.example/attachments/a1',
};

const SCRIPT = '<script>alert("x")</script>';

describe('renderNotification', () => {
  it('renders every kind in English and Arabic with subject, text and HTML', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const en = renderNotification(kind, 'en', context);
      const ar = renderNotification(kind, 'ar', context);
      expect(en.subject, kind).toContain('Purchase approval');
      expect(en.subject, kind).toContain('PurchaseRequest PR-1042');
      expect(ar.subject, kind).toContain('موافقة الشراء');
      expect(ar.subject, kind).not.toBe(en.subject);
      expect(en.text, kind).toContain('PR-1042');
      expect(en.html, kind).toContain('<html lang="en" dir="ltr">');
      expect(ar.html, kind).toContain('<html lang="ar" dir="rtl">');
      expect(en.html, kind).toContain('<a href="https://automations.example/attachments/a1">');
    }
    const rejected = renderNotification('rejected', 'en', context);
    expect(rejected.subject).toBe('Rejected: Purchase approval for PurchaseRequest PR-1042');
    expect(rejected.text).toContain('Rejected by: Omar');
    expect(rejected.text).toContain('Reason: Over budget');
    expect(renderNotification('rejected', 'ar', context).text).toContain('السبب: Over budget');
    expect(renderNotification('delegated', 'en', context).text).toContain('Omar delegated the decision on PurchaseRequest PR-1042 in Purchase approval to Cora.');
  });

  it('keeps a <script> in a reason, name or id inert in the HTML part, and out of the subject line breaks', () => {
    const hostile: NotificationContext = {
      workflow: { name: `Buy ${SCRIPT}` },
      object: { type: 'PR"><img src=x onerror=alert(1)>', id: "1'\n2" },
      stage: '<b>stage</b>',
      actor: { id: 'u', name: `<iframe src="https://evil.example">` },
      reason: `${SCRIPT}\nsecond line & more`,
      link: 'javascript:alert(1)',
    };
    for (const kind of NOTIFICATION_KINDS) {
      const out = renderNotification(kind, 'en', hostile);
      expect(out.html, kind).not.toMatch(/<script|<img|<iframe|<b>stage|javascript:/i);
      expect(out.html, kind).toContain('Buy &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(out.subject, kind).not.toMatch(/[\r\n]/);
    }
    const rejected = renderNotification('rejected', 'en', hostile);
    expect(rejected.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>second line &amp; more');
    expect(rejected.text).toContain(`Reason: ${SCRIPT}\nsecond line & more`); // text/plain carries it verbatim
    expect(rejected.text).not.toContain('javascript:');
  });

  it('falls back from a regional locale to its language and from an unknown one to English; names fall back too', () => {
    expect(notificationLocale('ar-SA')).toBe('ar');
    expect(notificationLocale('AR_eg')).toBe('ar');
    expect(notificationLocale('fr')).toBe('en');
    expect(notificationLocale(undefined)).toBe('en');
    expect(renderNotification('approved', 'ar-SA', context).subject).toBe(renderNotification('approved', 'ar', context).subject);
    const fr = renderNotification('approved', 'fr-FR', context);
    expect(fr.locale).toBe('en');
    expect(fr.subject).toBe('Approved: Purchase approval for PurchaseRequest PR-1042');
    const englishOnly = renderNotification('approved', 'ar', { ...context, workflow: { name: { en: 'Time off' } } });
    expect(englishOnly.subject).toContain('Time off');
    expect(englishOnly.dir).toBe('rtl');
  });

  it('leaves out lines whose values are missing', () => {
    const bare = renderNotification('delegated', 'en', { workflow: { name: 'W' }, object: { type: 'T', id: '1' } });
    expect(bare.text.split('\n')[0]).toBe('The decision on T 1 in W was delegated.');
    expect(bare.text).not.toMatch(/Reason|Stage|\{/);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('resolveRecipients', () => {
  it('resolves roles and user ids through the directory, adds literal addresses, and dedupes', async () => {
    const out = await resolveRecipients(
      { roles: ['creator', 'currentApprovers', 'delegate', 'starter'], users: ['fatima', 'eve'], addresses: ['Finance@Acme.example', 'finance@acme.example', 'EVE@acme.example'] },
      { tenant: 'acme', people: { creator: 'rita', starter: 'rita', currentApprovers: ['eve', 'ethan'], delegate: 'cora' } },
      devDirectory(),
    );
    expect(out.addresses).toEqual(['rita@acme.example', 'eve@acme.example', 'ethan@acme.example', 'cora@acme.example', 'fatima@acme.example', 'Finance@Acme.example']);
    expect(out.recipients[0]).toEqual({ address: 'rita@acme.example', user: 'rita', via: 'creator' });
    expect(out.recipients.at(-1)).toEqual({ address: 'Finance@Acme.example', via: 'address' });
    expect(out.skipped).toEqual([]);
  });

  it('skips unknown, inactive and other-tenant users, users without an address, empty roles and bad addresses, saying why', async () => {
    const directory = new StaticDirectory([
      { id: 'ann', email: 'ann@acme.example', active: true, tenant: 'acme', groups: [] },
      { id: 'old', email: 'old@acme.example', active: false, tenant: 'acme', groups: [] },
      { id: 'nomail', active: true, tenant: 'acme', groups: [] },
      { id: 'zed', email: 'zed@globex.example', active: true, tenant: 'globex', groups: [] },
    ]);
    const out = await resolveRecipients(
      { roles: ['creator', 'delegate'], users: ['old', 'nomail', 'zed', 'ghost', 'ann'], addresses: ['not-an-address', 'x@y'] },
      { tenant: 'acme', people: { creator: 'ann' } },
      directory,
    );
    expect(out.addresses).toEqual(['ann@acme.example']);
    expect(out.skipped).toEqual([
      { who: 'role:delegate', reason: 'no one holds this role' },
      { who: 'user:old', reason: 'inactive user' },
      { who: 'user:nomail', reason: 'no e-mail address' },
      { who: 'user:zed', reason: 'unknown user' },
      { who: 'user:ghost', reason: 'unknown user' },
      { who: 'address:not-an-address', reason: 'not an e-mail address' },
      { who: 'address:x@y', reason: 'not an e-mail address' },
    ]);
  });

  it('looks each user up once even when several roles name them', async () => {
    let lookups = 0;
    const inner = devDirectory();
    const counting = { user: (id: string, t?: string) => (lookups++, inner.user(id, t)), groupMembers: inner.groupMembers.bind(inner) };
    const out = await resolveRecipients({ roles: ['creator', 'starter', 'currentApprovers'], users: ['rita'] }, { people: { creator: 'rita', starter: 'rita', currentApprovers: ['rita'] } }, counting);
    expect(lookups).toBe(1);
    expect(out.addresses).toEqual(['rita@acme.example']);
  });
});
