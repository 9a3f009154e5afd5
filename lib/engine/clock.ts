/** The engine never reads the system time directly, so tests and replays can move time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: the basis of time-skipping tests. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | number = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.current;
  }
  set(to: Date | number): void {
    const next = typeof to === 'number' ? to : to.getTime();
    if (next < this.current) throw new Error('A ManualClock never moves backwards');
    this.current = next;
  }
  advance(ms: number): void {
    this.set(this.current + ms);
  }
}
