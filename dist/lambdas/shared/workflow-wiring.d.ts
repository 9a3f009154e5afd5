import { type ActionDefinition, type ActionLogger } from '../../lib/engine/actions/registry.js';
import type { HttpActionConfig } from '../../lib/engine/actions/http.js';
import type { Engine } from '../../lib/engine/engine.js';
import type { Mailer } from '../../lib/engine/mail.js';
import { type AutoStartOutcome, type EventLedger } from '../../lib/engine/workflows/autostart.js';
import type { WorkflowEvents } from '../../lib/engine/workflows/events.js';
import type { ActionDoc } from '../../lib/engine/workflows/types.js';
import { StaticDirectory, type DirectoryUser } from '../../lib/identity/directory.js';
import { type Inbox } from '../../lib/aws/inbox.js';
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
export declare class InboxEventLedger implements EventLedger {
    private readonly inbox;
    private readonly now;
    private readonly keepSeconds;
    constructor(inbox: Inbox, now: () => number, keepSeconds?: number);
    begin(key: string, payload: unknown): Promise<{
        duplicate: false;
    } | {
        duplicate: true;
        outcome: AutoStartOutcome | null;
    }>;
    done(key: string, outcome: AutoStartOutcome): Promise<void>;
}
/** A static directory that can list a tenant's users (the development users). */
export declare class ListingStaticDirectory extends StaticDirectory implements ListingDirectory {
    #private;
    constructor(users: readonly DirectoryUser[], groups?: readonly string[]);
    listUsers(tenant: string): Promise<DirectoryUser[]>;
}
/**
 * The approval workflows of a runtime: the action registry (email through the mailer, the
 * status webhook, the project's), the WorkflowRuntime on the engine, the service, auto-start
 * with its ledger in the delivery inbox. Passed to createRuntime as `workflows`.
 */
export declare function workflowParts(wiring: WorkflowWiring): (engine: Engine, inbox: Inbox) => WorkflowSurface;
