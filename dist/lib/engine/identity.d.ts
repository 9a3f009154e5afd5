import type { Assignment } from './state.js';
/** Who is acting: resolved from a token or session by the runtime. */
export interface Identity {
    id: string;
    groups?: readonly string[];
    permissions?: readonly string[];
    /** Superusers may complete every task. */
    superuser?: boolean;
    /** The tenant the user belongs to (from the configured tenant claim), when tenants are used. */
    tenant?: string;
}
/** A task is open to a user when every part of its assignment holds (and always to superusers of its tenant). */
export declare function isOpenTo(assignment: Assignment | null | undefined, identity: Identity): boolean;
