import type { RunResult } from '../engine/run-result.js';

/**
 * Precise timers, as the runtime sees them: a run that parks an instance on a time wait within
 * the horizon asks for a timer (`timerFor`); a scheduler starts it (Step Functions deployed,
 * lib/aws/timers.ts; in-process locally). Waits beyond the horizon are handed over by the tick
 * through a `DueWindow`.
 */
export interface TimerRequest {
  instanceId: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface TimerScheduler {
  /** 'exists' when a timer of the same name was already started. */
  schedule(request: TimerRequest): Promise<'started' | 'exists'>;
}

/** The timer a run asks for, if any: a time wait within the horizon. */
export function timerFor(run: Pick<RunResult, 'id' | 'status' | 'wake'>, now: number, horizonMs: number): TimerRequest | undefined {
  if (run.wake.kind !== 'at' || run.status === 'finished' || run.status === 'error') return undefined;
  if (run.wake.at - now > horizonMs) return undefined;
  return { instanceId: run.id, at: run.wake.at };
}

export interface DueEntry {
  id: string;
  dueAt: number;
}

/** Instances due in (from, to]: the tick's hand-over of far waits to timers (DynamoStore.dueBetween). */
export interface DueWindow {
  dueBetween(from: number, to: number, limit: number): Promise<DueEntry[]>;
}
