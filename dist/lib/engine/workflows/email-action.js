/**
 * The built-in `email` action: renders a notification template and sends it through the
 * Mailer to the resolved recipients, one mail per recipient (recipients never see each
 * other's addresses).
 *
 * An action of the actions registry (lib/engine/actions/registry.ts): register it with
 * `registry.register(createEmailAction({ mailer, directory }))`. It uses the `idempotencyKey`
 * and `logger` of the registry's ActionContext, plus `ctx.workflow`, which the workflow layer
 * adds (what the event is about and who holds which role); without it the action refuses to run.
 *
 * Idempotency: each mail's key is derived from the action's key and the recipient, so a retried
 * action sends the same keys again. SES cannot dedupe by key, so a retry after a partial
 * failure re-sends the mails that had already gone out: delivery is at least once. The key
 * travels as the X-Automations-Idempotency-Key header and an SES tag (lib/aws/ses-mailer.ts).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { isEmailAddress } from '../mail.js';
import { NOTIFICATION_KINDS, RECIPIENT_ROLES, renderNotification, resolveRecipients, } from './notifications.js';
const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$/;
export const emailActionParams = z
    .object({
    template: z.enum(NOTIFICATION_KINDS, { error: `template must be one of ${NOTIFICATION_KINDS.join(', ')}` }),
    locale: z.string().regex(LOCALE, 'locale must be a language tag such as en or ar-SA').optional(),
    to: z
        .object({
        roles: z.array(z.enum(RECIPIENT_ROLES, { error: `roles are ${RECIPIENT_ROLES.join(', ')}` })).max(RECIPIENT_ROLES.length).optional(),
        users: z.array(z.string().min(1, 'a user id is empty').max(128)).max(50).optional(),
        addresses: z.array(z.string().refine(isEmailAddress, 'not an e-mail address')).max(50).optional(),
    })
        .strict()
        .refine((to) => Boolean(to.roles?.length || to.users?.length || to.addresses?.length), 'name at least one role, user or address'),
    enabled: z.boolean().default(true),
})
    .strict();
/** The key of the mail to one recipient: stable for the same action key and address. */
export function mailIdempotencyKey(actionKey, address) {
    return `${actionKey}:mail:${createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 16)}`;
}
export class MissingWorkflowContextError extends Error {
    constructor() {
        super('The email action runs on workflow events: its context names no workflow event (ctx.workflow)');
        this.name = 'MissingWorkflowContextError';
    }
}
export function createEmailAction(deps) {
    return {
        name: 'email',
        description: 'Sends a workflow notification (approved, rejected, actionRequired, delegated, resubmissionRequired) to people by role, user id or address.',
        params: emailActionParams,
        async run(params, ctx) {
            if (deps.disabled || !params.enabled) {
                ctx.logger?.info('e-mail disabled; nothing sent', { template: params.template, by: deps.disabled ? 'configuration' : 'action' });
                return { sent: false, reason: 'disabled', template: params.template };
            }
            const event = ctx.workflow;
            if (!event)
                throw new MissingWorkflowContextError();
            const rendered = renderNotification(params.template, params.locale ?? event.locale, event.notification);
            const resolved = await resolveRecipients(params.to, event.recipients, deps.directory);
            if (resolved.skipped.length)
                ctx.logger?.warn('some recipients were skipped', { skipped: resolved.skipped });
            const mails = [];
            // Sequential: a failure stops here and the action's retry sends the same keys again.
            for (const address of resolved.addresses) {
                const { messageId } = await deps.mailer.send({ to: [address], subject: rendered.subject, text: rendered.text, html: rendered.html, idempotencyKey: mailIdempotencyKey(ctx.idempotencyKey, address) });
                mails.push({ to: address, messageId });
            }
            ctx.logger?.info('notification sent', { template: params.template, locale: rendered.locale, count: mails.length });
            return { sent: mails.length > 0, template: params.template, locale: rendered.locale, mails, skipped: resolved.skipped };
        },
    };
}
/** The global switch from ATM_MAIL_DISABLED (`true`/`1`). */
export function mailDisabledFromEnv(env = process.env) {
    const value = (env.ATM_MAIL_DISABLED ?? '').trim().toLowerCase();
    return value === 'true' || value === '1';
}
