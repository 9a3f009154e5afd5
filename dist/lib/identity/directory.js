export class UnknownGroupError extends Error {
    group;
    constructor(group) {
        super(`No group named "${group}" exists in the directory`);
        this.group = group;
        this.name = 'UnknownGroupError';
    }
}
/** A user belongs to `tenant` when none is asked for, or when theirs is exactly it (a user without a tenant is in none). */
export function inTenant(user, tenant) {
    return tenant === undefined || user.tenant === tenant;
}
const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
function copy(user) {
    return { ...user, groups: [...user.groups] };
}
/**
 * A directory over a fixed list of users: the development users, tests. A group exists when a
 * user is in it or it is listed in `groups` (so an empty group can be told from a typo).
 */
export class StaticDirectory {
    #users = new Map();
    #groups = new Set();
    constructor(users, groups = []) {
        for (const user of users) {
            if (this.#users.has(user.id))
                throw new TypeError(`Directory user "${user.id}" is listed twice`);
            this.#users.set(user.id, copy(user));
            for (const group of user.groups)
                this.#groups.add(group);
        }
        for (const group of groups)
            this.#groups.add(group);
    }
    async user(id, tenant) {
        const user = this.#users.get(id);
        return user && inTenant(user, tenant) ? copy(user) : undefined;
    }
    async groupMembers(group, tenant) {
        if (!this.#groups.has(group))
            throw new UnknownGroupError(group);
        return [...this.#users.values()].filter((u) => u.active && u.groups.includes(group) && inTenant(u, tenant)).map(copy).sort(byId);
    }
}
/**
 * A short cache in front of a remote directory (Cognito's admin APIs are rate-limited: 5–30
 * requests per second per account). Answers, misses included, are reused for `ttlMs`;
 * concurrent lookups of the same key share one request; a failed lookup is not cached. A
 * user disabled in the directory may therefore still be offered work for up to `ttlMs`.
 */
export class CachedDirectory {
    #inner;
    #ttlMs;
    #maxEntries;
    #now;
    #entries = new Map();
    constructor(inner, options = {}) {
        this.#inner = inner;
        this.#ttlMs = options.ttlMs ?? 60_000;
        this.#maxEntries = options.maxEntries ?? 1000;
        this.#now = options.now ?? Date.now;
    }
    user(id, tenant) {
        return this.#cached(`u\u0000${id}\u0000${tenant ?? ''}`, () => this.#inner.user(id, tenant)).then((u) => (u ? copy(u) : undefined));
    }
    groupMembers(group, tenant) {
        return this.#cached(`g\u0000${group}\u0000${tenant ?? ''}`, () => this.#inner.groupMembers(group, tenant)).then((list) => list.map(copy));
    }
    /** Forgets every answer (e.g. after changing a group). */
    clear() {
        this.#entries.clear();
    }
    #cached(key, load) {
        const now = this.#now();
        const hit = this.#entries.get(key);
        if (hit && now - hit.at < this.#ttlMs)
            return hit.value;
        const value = load();
        const entry = { at: now, value };
        this.#entries.delete(key);
        this.#entries.set(key, entry);
        while (this.#entries.size > this.#maxEntries)
            this.#entries.delete(this.#entries.keys().next().value);
        value.catch(() => {
            if (this.#entries.get(key) === entry)
                this.#entries.delete(key);
        });
        return value;
    }
}
