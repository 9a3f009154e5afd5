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

export class UnknownGroupError extends Error {
  constructor(readonly group: string) {
    super(`No group named "${group}" exists in the directory`);
    this.name = 'UnknownGroupError';
  }
}

/** A user belongs to `tenant` when none is asked for, or when theirs is exactly it (a user without a tenant is in none). */
export function inTenant(user: Pick<DirectoryUser, 'tenant'>, tenant: string | undefined): boolean {
  return tenant === undefined || user.tenant === tenant;
}

const byId = (a: DirectoryUser, b: DirectoryUser) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function copy(user: DirectoryUser): DirectoryUser {
  return { ...user, groups: [...user.groups] };
}

/**
 * A directory over a fixed list of users: the development users, tests. A group exists when a
 * user is in it or it is listed in `groups` (so an empty group can be told from a typo).
 */
export class StaticDirectory implements Directory {
  readonly #users = new Map<string, DirectoryUser>();
  readonly #groups = new Set<string>();

  constructor(users: readonly DirectoryUser[], groups: readonly string[] = []) {
    for (const user of users) {
      if (this.#users.has(user.id)) throw new TypeError(`Directory user "${user.id}" is listed twice`);
      this.#users.set(user.id, copy(user));
      for (const group of user.groups) this.#groups.add(group);
    }
    for (const group of groups) this.#groups.add(group);
  }

  async user(id: string, tenant?: string): Promise<DirectoryUser | undefined> {
    const user = this.#users.get(id);
    return user && inTenant(user, tenant) ? copy(user) : undefined;
  }

  async groupMembers(group: string, tenant?: string): Promise<DirectoryUser[]> {
    if (!this.#groups.has(group)) throw new UnknownGroupError(group);
    return [...this.#users.values()].filter((u) => u.active && u.groups.includes(group) && inTenant(u, tenant)).map(copy).sort(byId);
  }
}

export interface CachedDirectoryOptions {
  /** How long an answer (a miss included) is reused; default 60 s. */
  ttlMs?: number;
  /** At most this many answers are kept (oldest dropped first); default 1000. */
  maxEntries?: number;
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number;
}

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

/**
 * A short cache in front of a remote directory (Cognito's admin APIs are rate-limited: 5–30
 * requests per second per account). Answers, misses included, are reused for `ttlMs`;
 * concurrent lookups of the same key share one request; a failed lookup is not cached. A
 * user disabled in the directory may therefore still be offered work for up to `ttlMs`.
 */
export class CachedDirectory implements Directory {
  readonly #inner: Directory;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<unknown>>();

  constructor(inner: Directory, options: CachedDirectoryOptions = {}) {
    this.#inner = inner;
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#maxEntries = options.maxEntries ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  user(id: string, tenant?: string): Promise<DirectoryUser | undefined> {
    return this.#cached(`u\u0000${id}\u0000${tenant ?? ''}`, () => this.#inner.user(id, tenant)).then((u) => (u ? copy(u) : undefined));
  }

  groupMembers(group: string, tenant?: string): Promise<DirectoryUser[]> {
    return this.#cached(`g\u0000${group}\u0000${tenant ?? ''}`, () => this.#inner.groupMembers(group, tenant)).then((list) => list.map(copy));
  }

  /** Forgets every answer (e.g. after changing a group). */
  clear(): void {
    this.#entries.clear();
  }

  #cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const hit = this.#entries.get(key) as Entry<T> | undefined;
    if (hit && now - hit.at < this.#ttlMs) return hit.value;
    const value = load();
    const entry: Entry<T> = { at: now, value };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }
}
