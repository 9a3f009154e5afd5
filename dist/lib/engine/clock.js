export const systemClock = { now: () => Date.now() };
/** A clock that only moves when told to: the basis of time-skipping tests. */
export class ManualClock {
    current;
    constructor(start = Date.UTC(2026, 0, 1, 9, 0, 0)) {
        this.current = typeof start === 'number' ? start : start.getTime();
    }
    now() {
        return this.current;
    }
    set(to) {
        const next = typeof to === 'number' ? to : to.getTime();
        if (next < this.current)
            throw new Error('A ManualClock never moves backwards');
        this.current = next;
    }
    advance(ms) {
        this.set(this.current + ms);
    }
}
