import { createHmac, timingSafeEqual } from 'node:crypto';
import { DeliveryUncertainError, InstanceBusyError, LeaseLostError } from '../../lib/engine/errors.js';
import type { DeliveryGuard } from '../../lib/engine/deliveries.js';
import { deliveryRecordId, payloadHash, type DeliveryRecord, type DeliveryWork } from '../../lib/app/inbox.js';
import { deliverMessage } from '../../lib/app/deliver.js';
import { isPermanent } from './failures.js';
import { HttpError } from './http.js';
import { logger, metrics, MetricUnit } from './observability.js';
import type { Runtime } from '../../lib/app/runtime.js';
import type { WorkerJob } from '../../lib/app/jobs.js';

/**
 * Accepted means durable, applied exactly once:
 *
 * 1. accept: a conditional put of the delivery's record (pending) in the inbox, before the
 *    sender gets its 202. A repeat with the same payload is a duplicate; another payload a 409.
 * 2. attempt (the worker after the hand-off, the tick for whatever is still pending, an operator's
 *    re-drive): claim the record (a version-checked write that pushes `nextAttemptAt` forward,
 *    so that the tick leaves it alone meanwhile, and notes that an attempt is under way), apply
 *    the work through the engine with the delivery as guard (the instance applies each delivery
 *    id once, atomically with its effect), then record the outcome: applied, pending again with
 *    a backoff, or dead with its reason.
 *
 * A crash anywhere leaves the record pending; the next attempt's guard then says since when
 * an earlier attempt may have applied it, and the instance's marks answer whether it did.
 *
 * The hand-off (a webhook's worker invocation, an event applied inline) needs no claim of its
 * own: the accept writes the record already claimed by it (`uncertainSince` = acceptance, the
 * tick's `nextAttemptAt` a grace period away), and the attempt starts from the record it was
 * handed instead of reading it back. So a webhook costs the inbox two writes (accepted,
 * applied) and no read.
 */
export class IdempotencyConflictError extends HttpError {
  constructor(key: string) {
    super(409, 'idempotency_conflict', `The delivery ${key} was already accepted with a different payload`);
  }
}

export interface AcceptInput {
  source: DeliveryRecord['source'];
  /** The scoped id: `webhook:<automation>/<message>/<deliveryId>`, `event:<trigger>/<event id>`. */
  key: string;
  work: DeliveryWork;
  /** What must be the same for a repeat to be a duplicate (not a conflict). */
  payload: unknown;
  /**
   * The caller attempts the delivery right after recording it (attemptDelivery with the
   * record): the record is written as claimed by that attempt, from acceptance on.
   */
  handOff?: boolean;
}

/**
 * How large a record may be to travel with its hand-off (Lambda's asynchronous invocations take
 * 256 KB); a larger one travels by id and the worker reads it.
 */
const HANDOFF_MAX_BYTES = 200 * 1024;

type DeliveryJob = Extract<WorkerJob, { type: 'delivery' }>;

/**
 * The seal of a handed-over record: an HMAC with the engine's secret (it never leaves the
 * functions), so that whoever may invoke the worker cannot make it apply work that is not in
 * the inbox.
 */
function sealOf(runtime: Runtime, record: DeliveryRecord): string {
  return createHmac('sha256', runtime.secrets.engineSecret).update(`delivery-handoff:${payloadHash(record)}`).digest('base64url');
}

/** The worker job that hands an accepted delivery over: with the record (sealed) when it fits, so that the worker neither reads nor claims it. */
export function handOffJob(runtime: Runtime, record: DeliveryRecord): DeliveryJob {
  return Buffer.byteLength(JSON.stringify(record)) <= HANDOFF_MAX_BYTES ? { type: 'delivery', id: record.id, record, seal: sealOf(runtime, record) } : { type: 'delivery', id: record.id };
}

/** The record a hand-off job carries, if its seal holds (otherwise the worker reads the record by id). */
export function handedRecord(runtime: Runtime, job: DeliveryJob): DeliveryRecord | undefined {
  if (!job.record || typeof job.seal !== 'string') return undefined;
  const expected = Buffer.from(sealOf(runtime, job.record));
  const given = Buffer.from(job.seal);
  return given.length === expected.length && timingSafeEqual(given, expected) ? job.record : undefined;
}

/** Records the delivery (step 1). Throws IdempotencyConflictError for a known id with another payload. */
export async function acceptDelivery(runtime: Runtime, input: AcceptInput): Promise<{ record: DeliveryRecord; duplicate: boolean }> {
  const now = runtime.engine.clock.now();
  const record: DeliveryRecord = {
    id: deliveryRecordId(input.key), key: input.key, source: input.source, hash: payloadHash(input.payload), work: input.work,
    status: 'pending', version: 1, attempts: 0, lastError: null, acceptedAt: now, updatedAt: now,
    nextAttemptAt: now + runtime.settings.deliveryGraceMs, uncertainSince: input.handOff ? now : null, appliedAt: null, outcome: null, expiresAt: null,
  };
  const result = await runtime.inbox.accept(record);
  if (result.accepted) return { record, duplicate: false };
  if (result.existing.hash !== record.hash) throw new IdempotencyConflictError(input.key);
  return { record: result.existing, duplicate: true };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Instances this process is delivering to: deliveries to one instance take turns here instead of contending for its lease. */
const turns = new WeakMap<Runtime, Map<string, Promise<unknown>>>();

/** Runs `fn` when this process's earlier deliveries to the instance are done; `waited` says whether there were any. */
async function inTurn<T>(runtime: Runtime, instanceId: string | undefined, fn: (waited: boolean) => Promise<T>): Promise<T> {
  if (instanceId === undefined) return fn(false);
  let queue = turns.get(runtime);
  if (!queue) turns.set(runtime, (queue = new Map()));
  const before = queue.get(instanceId);
  const mine = before ? before.then(() => fn(true)) : fn(false);
  const settled = mine.catch(() => undefined);
  queue.set(instanceId, settled);
  void settled.then(() => {
    if (queue.get(instanceId) === settled) queue.delete(instanceId);
  });
  return mine;
}

function targetInstance(runtime: Runtime, work: DeliveryWork): string | undefined {
  if (work.kind !== 'message' || typeof work.to !== 'object') return undefined;
  if ('id' in work.to) return work.to.id;
  try {
    return runtime.engine.idFromKey(work.to.key);
  } catch {
    return undefined; // the engine refuses the key when the work is applied
  }
}

async function applyWork(runtime: Runtime, work: DeliveryWork, guard: DeliveryGuard): Promise<NonNullable<DeliveryRecord['outcome']>> {
  const { engine } = runtime;
  if (work.kind === 'start') {
    const instance = await engine.start(engine.definition(work.automation).cls, work.data, { delivery: guard });
    return { instanceId: instance.id, deliveries: 1, duplicate: false };
  }
  const outcome = await deliverMessage(engine, work.automation, work.message, work.to, work.token, work.data, guard);
  return { instanceId: outcome.instanceId, deliveries: outcome.results.length, duplicate: outcome.duplicate };
}

/**
 * Writes `change(latest)` over the record with compare-and-set. With `onlyFrom`, only if nobody
 * wrote since that version (a failure report yields to a newer attempt); otherwise re-reads and
 * retries (marking applied always wins).
 */
async function settle(runtime: Runtime, from: DeliveryRecord, change: (r: DeliveryRecord) => DeliveryRecord | undefined, onlyFrom: boolean): Promise<DeliveryRecord> {
  let current = from;
  for (let attempt = 0; ; attempt++) {
    const next = change(current);
    if (!next) return current;
    const written = { ...next, version: current.version + 1, updatedAt: runtime.engine.clock.now() };
    if (await runtime.inbox.updateDelivery(written)) return written;
    const latest = await runtime.inbox.getDelivery(from.id);
    if (!latest || onlyFrom || attempt >= 20) return latest ?? current;
    current = latest;
  }
}

function retryDelay(attempts: number): number {
  return Math.min(300_000, 1_000 * 2 ** attempts) * (0.5 + Math.random() / 2);
}

/**
 * Whether `handed` is the record as accepted for a hand-off (claimed by it at acceptance), and
 * early enough that the tick leaves it alone for at least half the grace period more.
 */
function claimedByHandOff(runtime: Runtime, id: string, handed: DeliveryRecord | undefined): handed is DeliveryRecord {
  return handed !== undefined && handed.id === id && deliveryRecordId(handed.key) === id && handed.version === 1 && handed.status === 'pending' &&
    handed.uncertainSince === handed.acceptedAt && runtime.engine.clock.now() < handed.nextAttemptAt - runtime.settings.deliveryGraceMs / 2;
}

/**
 * One attempt at a pending delivery (step 2); returns the record as it stands afterwards
 * (undefined if there is none). Nothing is thrown for the delivery's own failures: they are
 * recorded on it. Errors of the inbox itself (the table does not answer) are thrown.
 * `handed`: the record as accepted with `handOff` — attempted as it is (no read, no claim)
 * unless the attempt comes late or has to wait its turn behind another delivery to the instance.
 */
export async function attemptDelivery(runtime: Runtime, id: string, handed?: DeliveryRecord): Promise<DeliveryRecord | undefined> {
  const early = claimedByHandOff(runtime, id, handed);
  const record = early ? handed : await runtime.inbox.getDelivery(id);
  if (!record || record.status !== 'pending') return record;
  return inTurn(runtime, targetInstance(runtime, record.work), async (waited) => {
    if (early && !waited) return attemptPending(runtime, record, true);
    const current = waited || early ? await runtime.inbox.getDelivery(id) : record;
    return current && current.status === 'pending' ? attemptPending(runtime, current, false) : current;
  });
}

/** `alreadyClaimed`: the record is the hand-off's as accepted, claimed by this attempt already. */
async function attemptPending(runtime: Runtime, record: DeliveryRecord, alreadyClaimed: boolean): Promise<DeliveryRecord | undefined> {
  const { inbox, settings, engine } = runtime;
  const id = record.id;
  const started = engine.clock.now();
  // what earlier attempts may have left applied; the hand-off's own claim counts as one (a
  // repeated invocation of the worker carries the same record), so its guard is cautious too
  const previous = record.uncertainSince;
  const claimed: DeliveryRecord = alreadyClaimed ? record : {
    ...record, version: record.version + 1, updatedAt: started, uncertainSince: previous ?? started,
    nextAttemptAt: Math.max(record.nextAttemptAt, started + settings.deliveryGraceMs),
  };
  if (!alreadyClaimed && !(await inbox.updateDelivery(claimed))) return inbox.getDelivery(id); // another attempt has it

  const markApplied = (outcome: NonNullable<DeliveryRecord['outcome']>) => settle(runtime, claimed, (r) => (r.status === 'applied' ? undefined : {
    ...r, status: 'applied', appliedAt: engine.clock.now(), outcome, uncertainSince: null,
    expiresAt: engine.clock.now() + settings.idempotencySeconds * 1000,
  }), false);
  const done = (applied: DeliveryRecord) => {
    metrics.addMetric('delivery.applied', MetricUnit.Count, 1);
    metrics.addMetric('delivery.latency', MetricUnit.Milliseconds, Math.max(0, engine.clock.now() - applied.acceptedAt));
    return applied;
  };
  // To one instance: marked applied once the commit carrying the mark has landed, while the run
  // goes on — from the next turn of the event loop, so that the next node runs first (the
  // request's CPU is not added before it) and the write overlaps the run's next commit.
  let early: Promise<{ record: DeliveryRecord } | { error: unknown }> | undefined;
  const single = record.work.kind === 'message' && record.work.to !== 'broadcast';
  const markEarly = (instanceId: string) => new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => markApplied({ instanceId, deliveries: 1, duplicate: false }))
    .then((r) => ({ record: r }), (e: unknown) => ({ error: e }));
  let applying = false;
  const guard: DeliveryGuard = {
    id: record.id, uncertainSince: previous, applying: () => (applying = true),
    settled: (ids) => inbox.settledDeliveries(ids),
    ...(single ? { applied: (instanceId: string) => void (early ??= markEarly(instanceId)) } : {}),
  };
  let error: unknown;
  for (let round = 0; ; round++) {
    try {
      const outcome = await applyWork(runtime, record.work, guard);
      const marked = early && (await early);
      return done(marked && 'record' in marked ? marked.record : await markApplied(outcome));
    } catch (caught) {
      error = caught;
    }
    const marked = early && (await early);
    if (marked && 'record' in marked) {
      // applied at the instance; what failed afterwards is its run's own (the instance records it, or the tick takes it over)
      logger.warn('The run after an applied delivery failed', { delivery: record.id, error: error as Error });
      return done(marked.record);
    }
    const busy = error instanceof InstanceBusyError || (error instanceof LeaseLostError && !applying);
    // still within the claim: try again here (nothing was applied)
    if (busy && round < settings.deliveryBusyRetries && engine.clock.now() + 1_000 < claimed.nextAttemptAt) {
      await sleep(50 + Math.random() * 200 * (round + 1));
      continue;
    }
    break;
  }

  const message = error instanceof Error ? error.message : String(error);
  const now = engine.clock.now();
  const busy = error instanceof InstanceBusyError || (error instanceof LeaseLostError && !applying);
  const dead = error instanceof DeliveryUncertainError || (!busy && isPermanent(error)) || (!busy && record.attempts + 1 >= settings.deliveryMaxAttempts);
  const attempts = busy ? record.attempts : record.attempts + 1;
  logger.warn(dead ? 'Delivery dead-lettered' : 'Delivery attempt failed', { delivery: record.id, key: record.key, attempts, error: error as Error });
  metrics.addMetric(dead ? 'delivery.dead' : busy ? 'delivery.busy' : 'delivery.failed', MetricUnit.Count, 1);
  const reason = dead && !isPermanent(error) && !(error instanceof DeliveryUncertainError) ? `${attempts} attempts failed; the last: ${message}` : message;
  return settle(runtime, claimed, (r) => ({
    ...r,
    status: dead ? 'dead' : 'pending',
    attempts,
    lastError: reason,
    // a clean failure leaves only what earlier attempts left uncertain
    uncertainSince: applying ? r.uncertainSince : previous,
    nextAttemptAt: dead ? r.nextAttemptAt : now + (busy ? 1_000 + Math.random() * 2_000 : retryDelay(attempts)),
    expiresAt: dead ? now + runtime.settings.retentionDays * 86_400_000 : null,
  }), true);
}

export class DeliveryNotFoundError extends HttpError {
  constructor(id: string) {
    super(404, 'not_found', `No delivery with id "${id}"`);
  }
}

/**
 * An operator's re-drive of a dead (or pending) delivery: pending again with fresh attempts,
 * then one attempt right away. `force` declares that no earlier attempt applied it (after
 * checking the instance), for a delivery that died as `delivery_uncertain`.
 */
export async function redriveDelivery(runtime: Runtime, id: string, options: { force?: boolean } = {}): Promise<DeliveryRecord> {
  const record = await runtime.inbox.getDelivery(id);
  if (!record) throw new DeliveryNotFoundError(id);
  if (record.status === 'applied') throw new HttpError(409, 'already_applied', `Delivery "${id}" was applied at ${new Date(record.appliedAt ?? 0).toISOString()}`);
  const now = runtime.engine.clock.now();
  const revived: DeliveryRecord = {
    ...record, status: 'pending', version: record.version + 1, attempts: 0, updatedAt: now, nextAttemptAt: now, expiresAt: null,
    ...(options.force ? { uncertainSince: null } : {}),
  };
  if (!(await runtime.inbox.updateDelivery(revived))) throw new HttpError(409, 'conflict', `Delivery "${id}" changed meanwhile; look again and retry`);
  return (await attemptDelivery(runtime, id)) ?? revived;
}

/** The tick's share: attempts the pending deliveries that are due, `concurrency` at a time. */
export async function redriveDue(runtime: Runtime, ids: readonly string[]): Promise<{ applied: number; pending: number; dead: number }> {
  const counts = { applied: 0, pending: 0, dead: 0 };
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(runtime.settings.tickConcurrency, ids.length)) }, async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        const after = await attemptDelivery(runtime, id);
        if (after) counts[after.status]++;
      } catch (error) {
        logger.error('Could not attempt a delivery', { delivery: id, error: error as Error });
        counts.pending++;
      }
    }
  });
  await Promise.all(lanes);
  return counts;
}
