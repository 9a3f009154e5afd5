/** The engine never reads the system time directly, so tests and replays can move time. */
export interface Clock {
    now(): number;
}
export declare const systemClock: Clock;
/** A clock that only moves when told to: the basis of time-skipping tests. */
export declare class ManualClock implements Clock {
    private current;
    constructor(start?: Date | number);
    now(): number;
    set(to: Date | number): void;
    advance(ms: number): void;
}
