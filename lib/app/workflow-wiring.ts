import { ActionRegistry, type ActionDefinition, type ActionLogger } from '../engine/actions/registry.js';
import type { HttpActionConfig } from '../engine/actions/http.js';
import type { Engine } from '../engine/engine.js';
import type { Mailer } from '../engine/mail.js';
import { AutoStartService, type AutoStartOutcome, type EventLedger } from '../engine/workflows/autostart.js';
import { createEmailAction, mailDisabledFromEnv } from '../engine/workflows/email-action.js';
import type { WorkflowEvents } from '../engine/workflows/events.js';
import { WorkflowRuntime } from '../engine/workflows/runtime.js';
import { WorkflowService } from '../engine/workflows/service.js';
import type { ActionDoc } from '../engine/workflows/types.js';
import { StaticDirectory, type DirectoryUser } from '../identity/directory.js';
import { deliveryRecordId, payloadHash, type DeliveryRecord, type Inbox } from './inbox.js';
import { createStatusWebhookAction } from './status-webhook.js';
import type { ListingDirectory, WorkflowSurface } from './workflow-surface.js';

export interface WorkflowWiring {
  directory: ListingDirectory;
  /** The e-mail action's mailer; absent: no `email` action (and no built-in notifications). */
  mailer?: Mailer;
  events: WorkflowEvents;
  /** Signs the status webhooks (the webhook secret). */
  webhookSecret: string;
  /** The allowlist of status webhooks' hosts (the http action's). */
  http: HttpActionConfig;
  logger?: ActionLogger;
  projectActions?: ActionDoc[];
  /** More registered actions workflows may name (the project's). */
  actions?: readonly ActionDefinition<unknown>[];
  fetch?: typeof fetch;
  /** How long object-event ids are remembered (default: a year). */
  eventMemorySeconds?: number;
}

/**
 * Object events remembered in the delivery inbox (source `event`, key
 * `object-event:<tenant>/<type>/<event id>`): the first accept claims the event; a repeat finds
 * the record and answers its outcome. Records are written applied at once (the work is done in
 * the request); one still pending is an attempt that crashed, and a repeat evaluates again (the
 * object's unique attachment claim keeps that from attaching twice while the first is active).
 */
export class InboxEventLedger implements EventLedger {
  constructor(private readonly inbox: Inbox, private readonly now: () => number, private readonly keepSeconds = 365 * 86_400) {}

  async begin(key: string, payload: unknown): Promise<{ duplicate: false } | { duplicate: true; outcome: AutoStartOutcome | null }> {
    const now = this.now();
    const record: DeliveryRecord = {
      id: deliveryRecordId(key), key, source: 'event', hash: payloadHash(payload), work: { kind: 'start', automation: 'workflow-autostart', data: {} },
      // applied in this request; `nextAttemptAt` far ahead keeps the tick's re-drive away while it runs
      status: 'pending', version: 1, attempts: 0, lastError: null, acceptedAt: now, updatedAt: now, nextAttemptAt: now + this.keepSeconds * 1000,
      uncertainSince: null, appliedAt: null, outcome: null, expiresAt: now + this.keepSeconds * 1000,
    };
    const result = await this.inbox.accept(record);
    if (result.accepted) return { duplicate: false };
    const existing = result.existing;
    const outcome = existing.status === 'applied' ? ((existing.outcome as unknown as { autostart?: AutoStartOutcome } | null)?.autostart ?? null) : null;
    return { duplicate: true, outcome };
  }

  async done(key: string, outcome: AutoStartOutcome): Promise<void> {
    const id = deliveryRecordId(key);
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.inbox.getDelivery(id);
      if (!current) return;
      const now = this.now();
      const applied: DeliveryRecord = {
        ...current, status: 'applied', version: current.version + 1, updatedAt: now, appliedAt: now,
        outcome: { instanceId: outcome.attachment, deliveries: outcome.attachment ? 1 : 0, duplicate: false, autostart: outcome } as DeliveryRecord['outcome'],
      };
      if (await this.inbox.updateDelivery(applied)) return;
    }
  }
}

/** A static directory that can list a tenant's users (the development users). */
export class ListingStaticDirectory extends StaticDirectory implements ListingDirectory {
  readonly #all: readonly DirectoryUser[];
  constructor(users: readonly DirectoryUser[], groups: readonly string[] = []) {
    super(users, groups);
    this.#all = users;
  }
  async listUsers(tenant: string): Promise<DirectoryUser[]> {
    return this.#all.filter((u) => u.tenant === tenant).map((u) => ({ ...u, groups: [...u.groups] })).sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}

/**
 * The approval workflows of a runtime: the action registry (email through the mailer, the
 * status webhook, the project's), the WorkflowRuntime on the engine, the service, auto-start
 * with its ledger in the delivery inbox. Passed to createRuntime as `workflows`.
 */
export function workflowParts(wiring: WorkflowWiring): (engine: Engine, inbox: Inbox) => WorkflowSurface {
  return (engine, inbox) => {
    const actions = new ActionRegistry(
      createStatusWebhookAction({ secret: wiring.webhookSecret, http: wiring.http, ...(wiring.fetch ? { fetch: wiring.fetch } : {}) }),
      ...(wiring.actions ?? []),
    );
    if (wiring.mailer) actions.register(createEmailAction({ mailer: wiring.mailer, directory: wiring.directory, disabled: mailDisabledFromEnv() }) as unknown as ActionDefinition<unknown>);
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
