import { ActionRegistry } from '../../lib/engine/actions/registry.js';
import { AutoStartService } from '../../lib/engine/workflows/autostart.js';
import { createEmailAction, mailDisabledFromEnv } from '../../lib/engine/workflows/email-action.js';
import { WorkflowRuntime } from '../../lib/engine/workflows/runtime.js';
import { WorkflowService } from '../../lib/engine/workflows/service.js';
import { StaticDirectory } from '../../lib/identity/directory.js';
import { deliveryRecordId, payloadHash } from '../../lib/aws/inbox.js';
import { createStatusWebhookAction } from './status-webhook.js';
/**
 * Object events remembered in the delivery inbox (source `event`, key
 * `object-event:<tenant>/<type>/<event id>`): the first accept claims the event; a repeat finds
 * the record and answers its outcome. Records are written applied at once (the work is done in
 * the request); one still pending is an attempt that crashed, and a repeat evaluates again (the
 * object's unique attachment claim keeps that from attaching twice while the first is active).
 */
export class InboxEventLedger {
    inbox;
    now;
    keepSeconds;
    constructor(inbox, now, keepSeconds = 365 * 86_400) {
        this.inbox = inbox;
        this.now = now;
        this.keepSeconds = keepSeconds;
    }
    async begin(key, payload) {
        const now = this.now();
        const record = {
            id: deliveryRecordId(key), key, source: 'event', hash: payloadHash(payload), work: { kind: 'start', automation: 'workflow-autostart', data: {} },
            // applied in this request; `nextAttemptAt` far ahead keeps the tick's re-drive away while it runs
            status: 'pending', version: 1, attempts: 0, lastError: null, acceptedAt: now, updatedAt: now, nextAttemptAt: now + this.keepSeconds * 1000,
            uncertainSince: null, appliedAt: null, outcome: null, expiresAt: now + this.keepSeconds * 1000,
        };
        const result = await this.inbox.accept(record);
        if (result.accepted)
            return { duplicate: false };
        const existing = result.existing;
        const outcome = existing.status === 'applied' ? (existing.outcome?.autostart ?? null) : null;
        return { duplicate: true, outcome };
    }
    async done(key, outcome) {
        const id = deliveryRecordId(key);
        for (let attempt = 0; attempt < 10; attempt++) {
            const current = await this.inbox.getDelivery(id);
            if (!current)
                return;
            const now = this.now();
            const applied = {
                ...current, status: 'applied', version: current.version + 1, updatedAt: now, appliedAt: now,
                outcome: { instanceId: outcome.attachment, deliveries: outcome.attachment ? 1 : 0, duplicate: false, autostart: outcome },
            };
            if (await this.inbox.updateDelivery(applied))
                return;
        }
    }
}
/** A static directory that can list a tenant's users (the development users). */
export class ListingStaticDirectory extends StaticDirectory {
    #all;
    constructor(users, groups = []) {
        super(users, groups);
        this.#all = users;
    }
    async listUsers(tenant) {
        return this.#all.filter((u) => u.tenant === tenant).map((u) => ({ ...u, groups: [...u.groups] })).sort((a, b) => (a.id < b.id ? -1 : 1));
    }
}
/**
 * The approval workflows of a runtime: the action registry (email through the mailer, the
 * status webhook, the project's), the WorkflowRuntime on the engine, the service, auto-start
 * with its ledger in the delivery inbox. Passed to createRuntime as `workflows`.
 */
export function workflowParts(wiring) {
    return (engine, inbox) => {
        const actions = new ActionRegistry(createStatusWebhookAction({ secret: wiring.webhookSecret, http: wiring.http, ...(wiring.fetch ? { fetch: wiring.fetch } : {}) }), ...(wiring.actions ?? []));
        if (wiring.mailer)
            actions.register(createEmailAction({ mailer: wiring.mailer, directory: wiring.directory, disabled: mailDisabledFromEnv() }));
        const runtime = new WorkflowRuntime({
            engine, actions, directory: wiring.directory, events: wiring.events,
            ...(wiring.logger ? { logger: wiring.logger } : {}),
            ...(wiring.projectActions ? { projectActions: wiring.projectActions } : {}),
        });
        const service = new WorkflowService(runtime);
        const autostart = new AutoStartService(service, new InboxEventLedger(inbox, () => engine.clock.now(), wiring.eventMemorySeconds));
        return { service, autostart, directory: wiring.directory };
    };
}
