import { InstanceExistsError } from '../errors.js';
export const ROTATION_AUTOMATION = 'approval-rotation';
/**
 * Round-robin turns kept as one small record per (tenant, group) in the store, advanced with
 * compare-and-set (a lost race reads again and retries). The member whose turn it is, is
 * `members[turn % members.length]` of the group's active members sorted by id: with a stable
 * membership each member gets every n-th step; a member who joins takes their sorted place
 * (no catch-up on a backlog, unlike the original's "fewest lifetime assignments").
 */
export class StoreRotation {
    store;
    clock;
    constructor(store, clock) {
        this.store = store;
        this.clock = clock;
    }
    async next(tenant, group) {
        const id = `rotation:${tenant}:${group}`;
        for (let attempt = 0; attempt < 50; attempt++) {
            const state = await this.store.get(id);
            const now = this.clock.now();
            if (!state) {
                const fresh = {
                    id, automation: ROTATION_AUTOMATION, version: 1, status: 'waiting', data: { tenant, group, turns: 1 }, paths: [], nextSeq: 1, nextPathId: 0,
                    created: now, updated: now, finishedAt: null, dueAt: null, uniqueKey: null, lease: null, anchors: {}, error: null,
                };
                try {
                    if ((await this.store.create(fresh, [])).created)
                        return 0;
                }
                catch (error) {
                    if (!(error instanceof InstanceExistsError))
                        throw error;
                }
                continue;
            }
            const turn = typeof state.data.turns === 'number' ? state.data.turns : 0;
            const expected = state.version;
            const ok = await this.store.commit({ expectedVersion: expected, state: { ...state, version: expected + 1, updated: now, data: { ...state.data, turns: turn + 1 } }, tasks: [] });
            if (ok)
                return turn;
        }
        throw new Error(`The round-robin counter of group "${group}" is too contended; try again`);
    }
}
