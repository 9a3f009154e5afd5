/**
 * The identity directory: who a user is (name, address, tenant, whether they may still act)
 * and who is in a group. One port, used wherever group membership or a user's address is
 * needed (approval strategies, delegation, notifications): Cognito in the deployment
 * (lib/aws/cognito-directory.ts), the development users locally (lib/identity/dev.ts).
 */
export interface DirectoryUser {
    id: string;
    name?: string;
    email?: string;
    /** False for a disabled (or not yet confirmed) account: it is never assigned work or mailed. */
    active: boolean;
    tenant?: string;
    /**
     * The user's groups. Complete from `user()`; from `groupMembers()` an adapter may list only
     * the group asked about (Cognito's ListUsersInGroup does not return other memberships).
     */
    groups: string[];
}
export interface Directory {
    /** The user, or undefined when unknown, or when `tenant` is given and the user is not of that tenant. */
    user(id: string, tenant?: string): Promise<DirectoryUser | undefined>;
    /**
     * The group's active members (of `tenant`, when given), in a stable order (by id). An empty
     * list means the group exists without active members; a group that does not exist throws
     * UnknownGroupError, so a misconfigured approver is an error and never "nobody".
     */
    groupMembers(group: string, tenant?: string): Promise<DirectoryUser[]>;
}
export declare class UnknownGroupError extends Error {
    readonly group: string;
    constructor(group: string);
}
/** A user belongs to `tenant` when none is asked for, or when theirs is exactly it (a user without a tenant is in none). */
export declare function inTenant(user: Pick<DirectoryUser, 'tenant'>, tenant: string | undefined): boolean;
/**
 * A directory over a fixed list of users: the development users, tests. A group exists when a
 * user is in it or it is listed in `groups` (so an empty group can be told from a typo).
 */
export declare class StaticDirectory implements Directory {
    #private;
    constructor(users: readonly DirectoryUser[], groups?: readonly string[]);
    user(id: string, tenant?: string): Promise<DirectoryUser | undefined>;
    groupMembers(group: string, tenant?: string): Promise<DirectoryUser[]>;
}
export interface CachedDirectoryOptions {
    /** How long an answer (a miss included) is reused; default 60 s. */
    ttlMs?: number;
    /** At most this many answers are kept (oldest dropped first); default 1000. */
    maxEntries?: number;
    /** Epoch milliseconds; injectable for tests. */
    now?: () => number;
}
/**
 * A short cache in front of a remote directory (Cognito's admin APIs are rate-limited: 5–30
 * requests per second per account). Answers, misses included, are reused for `ttlMs`;
 * concurrent lookups of the same key share one request; a failed lookup is not cached. A
 * user disabled in the directory may therefore still be offered work for up to `ttlMs`.
 */
export declare class CachedDirectory implements Directory {
    #private;
    constructor(inner: Directory, options?: CachedDirectoryOptions);
    user(id: string, tenant?: string): Promise<DirectoryUser | undefined>;
    groupMembers(group: string, tenant?: string): Promise<DirectoryUser[]>;
    /** Forgets every answer (e.g. after changing a group). */
    clear(): void;
}
