import { isEmailAddress } from '../mail.js';
export const NOTIFICATION_KINDS = ['approved', 'rejected', 'actionRequired', 'delegated', 'resubmissionRequired'];
const EN = {
    dir: 'ltr',
    link: 'Open: {link}',
    footer: 'This message was sent by the approval workflow; replies are not read.',
    templates: {
        approved: {
            subject: 'Approved: {workflow} for {object}',
            lines: [
                { text: '{object} was approved in {workflow}.' },
                { text: 'Stage: {stage}', needs: ['stage'] },
                { text: 'Approved by: {actor}', needs: ['actor'] },
                { text: 'Comment: {reason}', needs: ['reason'] },
            ],
        },
        rejected: {
            subject: 'Rejected: {workflow} for {object}',
            lines: [
                { text: '{object} was rejected in {workflow}.' },
                { text: 'Stage: {stage}', needs: ['stage'] },
                { text: 'Rejected by: {actor}', needs: ['actor'] },
                { text: 'Reason: {reason}', needs: ['reason'] },
            ],
        },
        actionRequired: {
            subject: 'Action required: {workflow} for {object}',
            lines: [
                { text: '{object} is waiting for your decision in {workflow}.' },
                { text: 'Pipeline: {pipeline}', needs: ['pipeline'] },
                { text: 'Stage: {stage}', needs: ['stage'] },
                { text: 'Delegated to you by: {actor}', needs: ['actor', 'delegate'] },
            ],
        },
        delegated: {
            subject: 'Delegated: {workflow} for {object}',
            lines: [
                { text: '{actor} delegated the decision on {object} in {workflow} to {delegate}.', needs: ['actor', 'delegate'] },
                { text: 'The decision on {object} in {workflow} was delegated.', unless: ['actor', 'delegate'] },
                { text: 'Stage: {stage}', needs: ['stage'] },
                { text: 'Reason: {reason}', needs: ['reason'] },
            ],
        },
        resubmissionRequired: {
            subject: 'Resubmission required: {workflow} for {object}',
            lines: [
                { text: '{object} needs to be resubmitted in {workflow}.' },
                { text: 'Requested by: {actor}', needs: ['actor'] },
                { text: 'Back to stage: {stage}', needs: ['stage'] },
                { text: 'Reason: {reason}', needs: ['reason'] },
            ],
        },
    },
};
const AR = {
    dir: 'rtl',
    link: 'فتح: {link}',
    footer: 'أُرسلت هذه الرسالة من سير عمل الموافقات؛ لا تتم قراءة الردود.',
    templates: {
        approved: {
            subject: 'تمت الموافقة: {workflow} – {object}',
            lines: [
                { text: 'تمت الموافقة على {object} في {workflow}.' },
                { text: 'المرحلة: {stage}', needs: ['stage'] },
                { text: 'وافق عليه: {actor}', needs: ['actor'] },
                { text: 'ملاحظة: {reason}', needs: ['reason'] },
            ],
        },
        rejected: {
            subject: 'مرفوض: {workflow} – {object}',
            lines: [
                { text: 'تم رفض {object} في {workflow}.' },
                { text: 'المرحلة: {stage}', needs: ['stage'] },
                { text: 'رفضه: {actor}', needs: ['actor'] },
                { text: 'السبب: {reason}', needs: ['reason'] },
            ],
        },
        actionRequired: {
            subject: 'مطلوب إجراء: {workflow} – {object}',
            lines: [
                { text: '{object} بانتظار قرارك في {workflow}.' },
                { text: 'المسار: {pipeline}', needs: ['pipeline'] },
                { text: 'المرحلة: {stage}', needs: ['stage'] },
                { text: 'فوّضك: {actor}', needs: ['actor', 'delegate'] },
            ],
        },
        delegated: {
            subject: 'تفويض: {workflow} – {object}',
            lines: [
                { text: 'فوّض {actor} القرار بشأن {object} في {workflow} إلى {delegate}.', needs: ['actor', 'delegate'] },
                { text: 'تم تفويض القرار بشأن {object} في {workflow}.', unless: ['actor', 'delegate'] },
                { text: 'المرحلة: {stage}', needs: ['stage'] },
                { text: 'السبب: {reason}', needs: ['reason'] },
            ],
        },
        resubmissionRequired: {
            subject: 'مطلوب إعادة التقديم: {workflow} – {object}',
            lines: [
                { text: 'يجب إعادة تقديم {object} في {workflow}.' },
                { text: 'طلبه: {actor}', needs: ['actor'] },
                { text: 'العودة إلى المرحلة: {stage}', needs: ['stage'] },
                { text: 'السبب: {reason}', needs: ['reason'] },
            ],
        },
    },
};
const LOCALES = { en: EN, ar: AR };
export const DEFAULT_LOCALE = 'en';
export const NOTIFICATION_LOCALES = Object.keys(LOCALES);
/** `ar-SA` → `ar`, `EN_gb` → `en`; an unknown or missing locale → `en`. */
export function notificationLocale(locale) {
    const tag = (locale ?? '').trim().toLowerCase().replace(/_/g, '-');
    if (LOCALES[tag])
        return tag;
    const base = tag.split('-')[0] ?? '';
    return LOCALES[base] ? base : DEFAULT_LOCALE;
}
/** The text for `locale`: exact tag, then its language, then English, then any. */
export function localized(text, locale) {
    if (text === undefined)
        return undefined;
    if (typeof text === 'string')
        return text;
    const base = locale.split('-')[0];
    return text[locale] ?? text[base] ?? text[DEFAULT_LOCALE] ?? Object.values(text)[0];
}
const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value) {
    return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
/** Control characters (line breaks and tabs kept) and bidi overrides that could disguise text are removed. */
function clean(value) {
    // eslint-disable-next-line no-control-regex
    return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
}
function safeLink(link) {
    if (!link)
        return undefined;
    try {
        const url = new URL(link);
        return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
    }
    catch {
        return undefined;
    }
}
function personName(person) {
    return person ? (person.name?.trim() || person.id) : undefined;
}
function fill(template, values, encode) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => {
        const value = values[name];
        return value === undefined ? whole : encode(value);
    });
}
/**
 * Renders a notification in `locale` (falling back to its language, then English). Unknown
 * kinds throw; every value of `context` is treated as untrusted text.
 */
export function renderNotification(kind, locale, context) {
    const used = notificationLocale(locale);
    const templates = LOCALES[used];
    const template = templates.templates[kind];
    if (!template)
        throw new TypeError(`No notification template "${String(kind)}"`);
    const raw = {};
    const put = (key, value) => {
        const v = value === undefined ? undefined : clean(value).trim();
        if (v)
            raw[key] = v;
    };
    put('workflow', localized(context.workflow.name, used) ?? context.workflow.slug ?? '');
    put('object', `${context.object.type} ${context.object.id}`);
    put('stage', localized(context.stage, used));
    put('pipeline', localized(context.pipeline, used));
    put('actor', personName(context.actor));
    put('delegate', personName(context.delegate));
    put('reason', context.reason);
    const link = safeLink(context.link);
    const has = (names) => names.every((n) => raw[n] !== undefined);
    const lines = template.lines.filter((l) => (!l.needs || has(l.needs)) && !(l.unless && has(l.unless))).map((l) => l.text);
    const oneLine = (v) => v.replace(/\s*[\r\n]+\s*/g, ' ');
    const subjectValues = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, oneLine(v)]));
    const subject = oneLine(fill(template.subject, subjectValues, (v) => v)).slice(0, 900);
    const textLines = lines.map((l) => fill(l, raw, (v) => v));
    if (link)
        textLines.push('', fill(templates.link, { link }, (v) => v));
    const text = [...textLines, '', '—', templates.footer].join('\n');
    // <bdi> keeps a Latin name or id from reordering the Arabic sentence around it.
    const htmlValue = (v) => `<strong><bdi>${escapeHtml(v).replace(/\r?\n/g, '<br>')}</bdi></strong>`;
    const paragraphs = lines.map((l) => `<p>${fill(escapeHtml(l), raw, htmlValue)}</p>`);
    if (link)
        paragraphs.push(`<p>${fill(escapeHtml(templates.link), { link }, (v) => `<a href="${escapeHtml(v)}">${escapeHtml(v)}</a>`)}</p>`);
    const html = [
        '<!doctype html>',
        `<html lang="${used}" dir="${templates.dir}">`,
        `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
        `<body style="font-family: system-ui, sans-serif; line-height: 1.5" dir="${templates.dir}">`,
        ...paragraphs,
        `<hr><p style="color: #666; font-size: 0.9em">${escapeHtml(templates.footer)}</p>`,
        '</body>',
        '</html>',
    ].join('\n');
    return { locale: used, dir: templates.dir, subject, text, html };
}
// ── recipients ──
export const RECIPIENT_ROLES = ['creator', 'starter', 'currentApprovers', 'delegate'];
/**
 * Resolves a recipient spec: roles to user ids, user ids through the directory (of the
 * context's tenant: a user of another tenant is unknown), plus literal addresses. Each user is
 * looked up once; an address is kept once; unknown and inactive users, users without an
 * address and malformed addresses are skipped with the reason.
 */
export async function resolveRecipients(spec, context, directory) {
    const recipients = [];
    const skipped = [];
    const seenAddresses = new Set();
    const seenUsers = new Set();
    const skippedKeys = new Set();
    const skip = (entry) => {
        const key = `${entry.who}\u0000${entry.reason}`;
        if (!skippedKeys.has(key))
            (skippedKeys.add(key), skipped.push(entry));
    };
    const add = (address, via, user) => {
        const key = address.toLowerCase();
        if (seenAddresses.has(key))
            return;
        seenAddresses.add(key);
        recipients.push({ address, via, ...(user !== undefined ? { user } : {}) });
    };
    const wanted = [];
    for (const role of spec.roles ?? []) {
        const people = context.people;
        const ids = role === 'currentApprovers' ? [...(people.currentApprovers ?? [])] : people[role] !== undefined ? [people[role]] : [];
        if (!ids.length)
            skip({ who: `role:${role}`, reason: 'no one holds this role' });
        for (const id of ids)
            wanted.push({ user: id, via: role });
    }
    for (const id of spec.users ?? [])
        wanted.push({ user: id, via: 'user' });
    const unique = wanted.filter((w) => !seenUsers.has(w.user) && seenUsers.add(w.user));
    const found = await Promise.all(unique.map((w) => directory.user(w.user, context.tenant)));
    unique.forEach((w, i) => {
        const user = found[i];
        if (!user)
            return skip({ who: `user:${w.user}`, reason: 'unknown user' });
        if (!user.active)
            return skip({ who: `user:${w.user}`, reason: 'inactive user' });
        if (!user.email || !isEmailAddress(user.email))
            return skip({ who: `user:${w.user}`, reason: 'no e-mail address' });
        add(user.email, w.via, user.id);
    });
    for (const address of spec.addresses ?? []) {
        const trimmed = address.trim();
        if (!isEmailAddress(trimmed))
            skip({ who: `address:${address}`, reason: 'not an e-mail address' });
        else
            add(trimmed, 'address');
    }
    return { addresses: recipients.map((r) => r.address), recipients, skipped };
}
