/**
 * Pure helpers of `npm run bench:in-memory`: reading the peer script's JSON line and summing
 * up interleaved rounds (medians, the ratio).
 */

/** One timed round of one side: `instances` run to completion in `seconds` (wall clock) and `cpuSeconds` (the process's CPU time, all threads). */
export interface RoundResult {
  instances: number;
  seconds: number;
  cpuSeconds: number;
}

/** Which time a figure divides by. */
export type Measure = 'seconds' | 'cpuSeconds';

/** What bench/peers/django_automations_straight.py prints (the fields the bench uses). */
export interface PeerResult extends RoundResult {
  version: string | null;
  django: string;
  python: string;
  queriesPerInstance: number;
}

/** Parses the peer's output: its last non-empty line must be the JSON object. */
export function parsePeerResult(stdout: string): PeerResult {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`the peer printed no JSON result (last line: ${JSON.stringify(line.slice(0, 200))})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the peer result is not a JSON object');
  const r = parsed as Record<string, unknown>;
  const positive = (key: string): number => {
    const value = r[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new Error(`the peer result's ${key} is not a positive number: ${JSON.stringify(value)}`);
    return value;
  };
  const text = (key: string): string => {
    const value = r[key];
    if (typeof value !== 'string') throw new Error(`the peer result's ${key} is not a string: ${JSON.stringify(value)}`);
    return value;
  };
  const instances = positive('instances');
  if (!Number.isInteger(instances)) throw new Error(`the peer result's instances is not an integer: ${instances}`);
  return {
    instances,
    seconds: positive('seconds'),
    cpuSeconds: positive('cpuSeconds'),
    version: r.version === null ? null : text('version'),
    django: text('django'),
    python: text('python'),
    queriesPerInstance: positive('queriesPerInstance'),
  };
}

/** The median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const instancesPerSecond = (r: RoundResult, measure: Measure = 'seconds'): number => r.instances / r[measure];

export interface SideBySide {
  ours: number;
  theirs: number;
  /** Median instances/s ours ÷ median instances/s theirs. */
  ratio: number;
  /** The median of each round's own ratio (a check on the ratio of medians). */
  roundRatio: number;
}

/** Medians of the interleaved rounds (round i of `ours` ran next to round i of `theirs`), per wall-clock or CPU second. */
export function sideBySide(ours: readonly RoundResult[], theirs: readonly RoundResult[], measure: Measure = 'seconds'): SideBySide {
  if (ours.length !== theirs.length || ours.length === 0) throw new Error(`rounds differ: ${ours.length} of ours, ${theirs.length} of theirs`);
  const rate = (r: RoundResult) => instancesPerSecond(r, measure);
  const o = median(ours.map(rate));
  const t = median(theirs.map(rate));
  return { ours: o, theirs: t, ratio: o / t, roundRatio: median(ours.map((r, i) => rate(r) / rate(theirs[i]!))) };
}
