import { randomUUID } from 'node:crypto';
import { serviceRegistry } from './services.js';
import { Automation, bindInstance, isBound, type InstanceOperations } from './automation.js';
import { systemClock, type Clock } from './clock.js';
import { automationName, defineFlow, type AutomationClass, type FlowDefinition, type FlowNode, type ReceiverInfo } from './definition.js';
import type { HumanTask } from './nodes/node.js';
import { DAY, MINUTE, toMilliseconds, type Duration } from './duration.js';
import {
  AutomationMismatchError, DataSchemaError, InstanceExistsError, DataValidationError, fieldErrorsOf, FormForbiddenError, FormValidationError, InstanceBusyError, InstanceNotFoundError,
  InstanceStateError, MessageRequirementsError, NoReceiverError, RaceLostError, TaskClosedError, TaskNotFoundError, UnknownAutomationError,
} from './errors.js';
import { addMark, checkCertain, findMark, instanceIdForDelivery, type DeliveryGuard } from './deliveries.js';
import { isOpenTo, type Identity } from './identity.js';
import { DEFAULT_DATA_LIMIT_BYTES, toJsonObject, toJsonResult, type Json, type JsonObject } from './json.js';
import { idFromKey, instanceKey, uniqueKeyFor } from './keys.js';
import { Ref } from './refs.js';
import { applyRequirements, isValidMessageName, receiverName, type MessageTarget } from './messages.js';
import type { Outcome } from './nodes/outcome.js';
import type { BackgroundJob, RunResult } from './run-result.js';
import { InstanceRun, type RunnerHooks, type RunnerSettings } from './runner.js';
import { isValidTimeZone } from './schedule.js';
import type { DefinitionRef, InstanceState, PathState, TaskRecord } from './state.js';
import type { DeleteFinishedOptions, DeleteFinishedResult, Page, Store } from './store.js';
import { Leases } from './leases.js';
import { TaskList, type OpenTask, type TaskForm, type TaskListQuery } from './task-list.js';

export interface EngineOptions {
  store: Store;
  /** The automations this engine runs; others are registered when first started. */
  automations?: readonly AutomationClass[];
  /** Secret for instance keys (at least 16 bytes). */
  secret: string | Uint8Array;
  clock?: Clock;
  /** Default IANA time zone for Repeat schedules. */
  timeZone?: string;
  dataLimitBytes?: number;
  /** How long a runner may hold an instance before others may take over (default 5 minutes). */
  lease?: Duration;
  /** How often AsSoonAs conditions are re-checked (default 1 minute). */
  pollInterval?: Duration;
  /** Guard against flows that loop without waiting (default 1,000 nodes per run). */
  maxStepsPerRun?: number;
  /** Runs threaded Execute nodes elsewhere (Step Functions, an async invoke). Default: inline, after the run. */
  dispatchBackground?: (job: BackgroundJob) => Promise<void>;
  /** How long message senders wait for a busy instance (real time, default 2 s). */
  busyWaitMs?: number;
  /**
   * Called after every run the engine makes — starts, runs, messages (also those sent by
   * nodes), form submissions, background jobs, the tick — e.g. to start a precise timer for
   * `run.wake`. An error it throws propagates to the caller of the operation.
   */
  onRun?: (run: RunResult) => Promise<void> | void;
  /**
   * The side effects flows reach (`task.services.mailer`, `this.services.http`): a mailer, an
   * HTTP client, a database. Asking for one not given here fails with its name.
   */
  services?: object;
}

/** Compiles flows that are data (a process version) for the instances that name them in `state.definition`. */
export interface FlowSource {
  /** The flow of a pinned definition; versions are immutable, so sources cache by name and version. */
  resolve(ref: DefinitionRef): Promise<FlowDefinition>;
}

/** What `engine.update` hands a change: the leased state, its flow, and the run that will commit it. */
export interface InstanceChange {
  state: InstanceState;
  def: FlowDefinition;
  runner: InstanceRun;
  now: number;
}

export interface StartOptions {
  /** Run the instance right away (default true). */
  autorun?: boolean;
  /** Start it for this delivery (an event): a repeat of the delivery finds the instance it started instead of starting another. */
  delivery?: DeliveryGuard;
}

export interface MessageOptions {
  /** The instance must be one of this automation. */
  automation?: AutomationClass | string;
  /** Apply at most once per instance: a repeat of the delivery id is a no-op (`duplicate: true`). */
  delivery?: DeliveryGuard;
}

export interface MessageDelivery {
  instanceId: string;
  /** What the receiver returned (for a duplicate: 'received' if it did then, else null). */
  result: Json;
  run: RunResult | null;
  /** The instance had already applied this delivery (MessageOptions.delivery). */
  duplicate?: boolean;
}

export interface FormSubmission {
  instanceId: string;
  task: number;
  user: Identity;
  values: unknown;
}

export interface TickReport {
  ran: RunResult[];
  busy: string[];
  failed: { id: string; automation: string; error: string }[];
}

export interface AutomationInfo {
  name: string;
  verboseName: string;
  verboseNamePlural: string;
  receivers: { message: string; label: string }[];
}

type InstanceOf<C> = C extends new () => infer A ? A : never;

/**
 * The engine: starts instances, runs them under a lease with compare-and-set commits, delivers
 * messages and form submissions, and runs what is due. Runtimes (Lambda, the local stack, the
 * test environment) only call it.
 */
export class Engine {
  readonly store: Store;
  readonly clock: Clock;
  private readonly secret: Uint8Array;
  private readonly registry = new Map<string, FlowDefinition>();
  private readonly settings: RunnerSettings;
  private readonly hooks: RunnerHooks;
  private readonly operations: InstanceOperations;
  private readonly dispatchBackground: ((job: BackgroundJob) => Promise<void>) | undefined;
  private readonly onRun: ((run: RunResult) => Promise<void> | void) | undefined;
  private readonly leases: Leases;
  private readonly taskList: TaskList;
  private readonly flowSources = new Map<string, FlowSource>();
  private readonly services: object;
  private readonly busyWaitMs: number;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.secret = typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : options.secret;
    if (this.secret.length < 16) throw new DataValidationError('The engine secret must be at least 16 bytes');
    const timeZone = options.timeZone ?? 'UTC';
    if (!isValidTimeZone(timeZone)) throw new DataValidationError(`"${timeZone}" is not an IANA time zone`);
    this.settings = {
      store: this.store,
      clock: this.clock,
      leaseMs: toMilliseconds(options.lease ?? 5 * MINUTE),
      pollIntervalMs: toMilliseconds(options.pollInterval ?? MINUTE),
      timeZone,
      maxStepsPerRun: options.maxStepsPerRun ?? 1_000,
      dataLimitBytes: options.dataLimitBytes ?? DEFAULT_DATA_LIMIT_BYTES,
    };
    this.dispatchBackground = options.dispatchBackground;
    this.busyWaitMs = options.busyWaitMs ?? 2_000;
    this.onRun = options.onRun;
    this.services = serviceRegistry(options.services);
    for (const cls of options.automations ?? []) this.register(cls);
    this.taskList = new TaskList(this.store, this.clock, async (of) => {
      if (of.definition === undefined) return this.registry.get(of.automation);
      return this.flowOf({ automation: of.automation, definition: of.definition }).catch(() => undefined); // its source or version is gone
    });
    // an instance whose automation is not registered here is reported, never run
    this.leases = new Leases(this.store, this.clock, this.settings.leaseMs, this.busyWaitMs, (state) => {
      if (state.definition === undefined) void this.definition(state.automation);
      else if (!this.flowSources.has(state.definition.kind)) throw new UnknownAutomationError(state.automation);
    });
    this.hooks = {
      resolveMessageTarget: async (spec, evaluate) => {
        if (spec instanceof Ref || (typeof spec === 'function' && !isAutomationClass(spec))) return (await evaluate(spec)) as MessageTarget;
        return spec as MessageTarget;
      },
      send: (from, target, message, token, data) => this.deliver(from, target, message, token, data),
    };
    this.operations = {
      run: (id) => this.run(id),
      kill: (id) => this.kill(id),
      retry: (id) => this.retry(id),
      sendMessage: async (id, message, token, data) => (await this.sendMessage(id, message, token, data)).result,
      getKey: (id) => this.getKey(id),
      tasks: (id) => this.tasks(id),
      get: (id) => this.store.get(id),
    };
  }

  // ── registry ────────────────────────────────────────────────────────────

  /** Compiles and registers an automation class; throws FlowDefinitionError listing every problem. */
  register(cls: AutomationClass): FlowDefinition {
    const def = defineFlow(cls);
    const known = this.registry.get(def.name);
    if (known && known.cls !== cls) throw new DataValidationError(`Two automation classes are named ${def.name}: set meta.name on one of them`);
    this.registry.set(def.name, def);
    return def;
  }

  definition(automation: string | AutomationClass): FlowDefinition {
    if (typeof automation !== 'string') return this.registry.get(automationName(automation)) ?? this.register(automation);
    const def = this.registry.get(automation);
    if (!def) throw new UnknownAutomationError(automation);
    return def;
  }

  /** Lets instances whose state names a definition of `kind` (e.g. 'process') run: their flow comes from `source`. */
  useFlowSource(kind: string, source: FlowSource): void {
    this.flowSources.set(kind, source);
  }

  /** The source of definitions of `kind` (undefined: none). */
  flowSource(kind: string): FlowSource | undefined {
    return this.flowSources.get(kind);
  }

  /** The flow an instance runs: its pinned definition's, or its automation class's. */
  async flowOf(state: Pick<InstanceState, 'automation' | 'definition'>): Promise<FlowDefinition> {
    if (state.definition === undefined) return this.definition(state.automation);
    const source = this.flowSources.get(state.definition.kind);
    if (!source) throw new UnknownAutomationError(state.automation);
    return source.resolve(state.definition);
  }

  /**
   * Creates an instance whose state the caller built (a process job: every task awaiting, in one
   * write) and runs it; `created: false` when an instance with its id exists (deterministic ids
   * make such creates idempotent).
   */
  async createInstance(state: InstanceState, options: { run?: boolean } = {}): Promise<{ created: boolean; run: RunResult | null }> {
    const def = await this.flowOf(state);
    const run = options.run ?? true;
    const now = this.clock.now();
    if (run && state.status !== 'finished') {
      state.lease = { owner: randomUUID(), until: now + this.settings.leaseMs };
      state.dueAt = state.lease.until;
    }
    try {
      const result = await this.store.create(state, []);
      if (!result.created) return { created: false, run: null };
    } catch (error) {
      if (error instanceof InstanceExistsError) return { created: false, run: null };
      throw error;
    }
    if (!state.lease) return { created: true, run: null };
    const result = await new InstanceRun(def, state, this.instantiate(def, state), this.settings, this.hooks, state.lease.owner).run();
    await this.afterRun(result);
    return { created: true, run: result };
  }

  /**
   * Changes an instance under its lease (waiting briefly for a busy one), then runs it: `change`
   * edits the state (and may open or retire paths through the runner); everything is committed
   * in one compare-and-set write with the run's first commit. If `change` throws, nothing is
   * written but the lease's return. A finished instance the change revives runs again.
   */
  async update(id: string, change: (c: InstanceChange) => void | Promise<void>): Promise<RunResult> {
    const state = await this.leases.acquire(id, true);
    let runner: InstanceRun;
    try {
      const def = await this.flowOf(state);
      runner = new InstanceRun(def, state, this.instantiate(def, state), this.settings, this.hooks, state.lease!.owner);
      await change({ state, def, runner, now: this.clock.now() });
    } catch (error) {
      await this.leases.release(state);
      throw error;
    }
    const result = await runner.run();
    await this.afterRun(result);
    return result;
  }

  /** Every registered automation with its verbose names and receivers. */
  listAutomations(): AutomationInfo[] {
    return [...this.registry.values()].map((def) => ({
      name: def.name,
      verboseName: def.verboseName,
      verboseNamePlural: def.verboseNamePlural,
      receivers: [...def.receivers.values()].map(({ message, label }) => ({ message, label })),
    }));
  }

  /** Receivers of automations that publish them (meta.publishReceivers). */
  publishedReceivers(): { automation: string; message: string; label: string }[] {
    return [...this.registry.values()]
      .filter((def) => def.publishReceivers)
      .flatMap((def) => [...def.receivers.values()].map(({ message, label }) => ({ automation: def.name, message, label })));
  }

  // ── instances ───────────────────────────────────────────────────────────

  /**
   * Starts an instance with `data` and (unless autorun is false) runs it. With autorun false the
   * instance is due at once, so the next tick runs it (as django-automations' scheduler does).
   * For a unique automation whose key is taken, returns the running instance instead.
   */
  async start<C extends AutomationClass>(cls: C, data: object = {}, options: StartOptions = {}): Promise<InstanceOf<C>> {
    const def = this.definition(cls);
    const autorun = options.autorun ?? true;
    const id = options.delivery && instanceIdForDelivery(options.delivery.id);
    if (!autorun) return this.instantiate(def, (await this.create(def, data, false, id)).state) as InstanceOf<C>;
    const prepared = await this.prepare(def, data, id);
    if ('existing' in prepared) return this.instantiate(def, prepared.existing) as InstanceOf<C>;
    // The run creates the instance with its first commit: before its first effect (with the
    // lease), or, when it parks before any, with its last — one write for the whole start.
    const state = prepared.state;
    state.version = 0;
    const instance = this.instantiate(def, state);
    const runner = new InstanceRun(def, state, instance, this.settings, this.hooks, randomUUID(), false);
    runner.createOnFirstCommit();
    let run: RunResult;
    try {
      run = await runner.run();
    } catch (error) {
      if (!(error instanceof RaceLostError || error instanceof InstanceExistsError)) throw error;
      // Another start was first (its unique key, or the same delivery's id): nothing was written here.
      const holder = id ?? (state.uniqueKey === null ? undefined : await this.store.findUnique(state.uniqueKey));
      const existing = holder === undefined ? undefined : await this.store.get(holder);
      if (!existing) throw new InstanceBusyError(holder ?? state.id);
      return this.instantiate(def, existing) as InstanceOf<C>;
    }
    await this.afterRun(run);
    // `state` is what the run committed; only background jobs run inline since may have changed it
    if (run.background.length > 0 && !this.dispatchBackground) await instance.refresh();
    return instance as InstanceOf<C>;
  }

  /** Checks the data and builds a new instance's state (not stored); with `id` (derived from a delivery) or a held unique key, the existing instance instead. */
  private async prepare(def: FlowDefinition, data: object, id?: string, lease: InstanceState['lease'] = null): Promise<{ state: InstanceState } | { existing: InstanceState }> {
    const json = toJsonObject(this.checkSchema(def, data), `The data for ${def.name}`, this.settings.dataLimitBytes);
    if (id !== undefined) {
      const existing = await this.store.get(id);
      if (existing) return { existing };
    }
    const uniqueKey = uniqueKeyFor(def, json);
    if (uniqueKey !== null) {
      const holder = await this.store.findUnique(uniqueKey);
      const existing = holder === undefined ? undefined : await this.store.get(holder);
      // a finished holder's claim is stale (its release may not have been written yet): the store takes it over
      if (existing && existing.status !== 'finished') return { existing };
    }
    const now = this.clock.now();
    const state: InstanceState = {
      id: id ?? randomUUID(), automation: def.name, version: 1, status: 'running', data: json,
      paths: [{ id: 0, node: def.first, task: null, taskCreated: null, frames: [] }],
      nextSeq: 1, nextPathId: 1, created: now, updated: now, finishedAt: null,
      dueAt: lease ? lease.until : now, uniqueKey, lease, anchors: {}, error: null, // without a lease: due at once, the next tick runs it
    };
    return { state };
  }

  /** Creates the instance; with `id` (derived from a delivery), one that exists already is returned instead. */
  private async create(def: FlowDefinition, data: object, leased: boolean, id?: string): Promise<{ state: InstanceState; created: boolean }> {
    const lease = leased ? { owner: randomUUID(), until: this.clock.now() + this.settings.leaseMs } : null;
    const prepared = await this.prepare(def, data, id, lease);
    if ('existing' in prepared) return { state: prepared.existing, created: false };
    const state = prepared.state;
    let result;
    try {
      result = await this.store.create(state, []);
    } catch (error) {
      const existing = id === undefined ? undefined : await this.store.get(id);
      if (existing) return { state: existing, created: false }; // a concurrent repeat of the same delivery created it
      throw error;
    }
    if (result.created) return { state, created: true };
    const existing = await this.store.get(result.existingId);
    if (!existing) throw new InstanceBusyError(result.existingId);
    return { state: existing, created: false };
  }

  /** Checks start data against the automation's `meta.data` schema (returning the parsed data: defaults applied). */
  private checkSchema(def: FlowDefinition, data: object): object {
    if (!def.dataSchema) return data;
    const parsed = def.dataSchema.safeParse(data);
    if (!parsed.success) throw new DataSchemaError(def.name, fieldErrorsOf(parsed.error.issues));
    return parsed.data as object;
  }

  /** The live object for an existing instance; with a class, checks that the instance is one of it. */
  async bind<C extends AutomationClass>(id: string, cls?: C): Promise<InstanceOf<C>> {
    const state = await this.load(id, cls);
    return this.instantiate(await this.flowOf(state), state) as InstanceOf<C>;
  }

  /** The instance for a key made by getKey(). */
  async bindByKey(key: string): Promise<Automation<object>> {
    return this.bind(idFromKey(this.secret, key));
  }

  getKey(id: string): string {
    return instanceKey(this.secret, id);
  }

  idFromKey(key: string): string {
    return idFromKey(this.secret, key);
  }

  async get(id: string): Promise<InstanceState | undefined> {
    return this.store.get(id);
  }

  async tasks(id: string): Promise<TaskRecord[]> {
    return this.store.tasks(id);
  }

  /** Runs the instance now (if nobody else is). */
  async run(id: string): Promise<RunResult> {
    // Refused before anything is written.
    return this.fresh(id, (state, leased) => this.runUnleased(state, leased), (s) => (s.status === 'finished' ? new InstanceStateError(`Instance "${id}" has finished; start a new one`) : undefined));
  }

  /** Deletes the instance and its history; frees its unique key. */
  async kill(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw new InstanceNotFoundError(id);
  }

  /** Re-runs the node an instance stopped at with an error. */
  async retry(id: string): Promise<RunResult> {
    return this.fresh(
      id,
      (state, leased) => {
        state.status = 'running';
        state.error = null;
        return this.runUnleased(state, leased);
      },
      (s) => (s.status !== 'error' ? new InstanceStateError(`Instance "${id}" is ${s.status}, not stopped on an error`) : undefined),
    );
  }

  /**
   * Runs `attempt` on the instance as read, without writing a lease first: the run's first
   * commit takes it (InstanceRun with `leased: false`; a live lease of another runner is waited
   * for). A race lost at that commit wrote nothing and ran no node with effects; then, as the
   * instance is contended, the lease is taken first (one more write) and the attempt made under
   * it (`leased: true`), queueing behind the other runners instead of racing them again.
   */
  private async fresh<T>(id: string, attempt: (state: InstanceState, leased: boolean) => Promise<T>, refuse?: (state: InstanceState) => Error | undefined, first?: InstanceState): Promise<T> {
    const state = await this.leases.read(id, Date.now() + this.busyWaitMs, refuse, first);
    try {
      return await attempt(state, false);
    } catch (error) {
      if (!(error instanceof RaceLostError)) throw error;
    }
    return attempt(await this.leases.acquire(id, true, refuse), true);
  }

  // ── messages ────────────────────────────────────────────────────────────

  /**
   * Whether a message with `data` would reach a receiver: false when no receiver handles
   * `message`, true when the receiver requires nothing or `data` converts to what it requires.
   */
  satisfiesDataRequirements(cls: AutomationClass | string, message: string, data: unknown): boolean {
    if (typeof message !== 'string' || !isValidMessageName(message)) return false;
    const receiver = this.definition(cls).receivers.get(this.messageKey(message));
    return receiver !== undefined && applyRequirements(receiver.requirements, data).unmet.length === 0;
  }

  /**
   * Checks up front what delivering `message` checks, and delivers nothing: the automation
   * exists (404), the message name is valid (400), a receiver handles it (404) and — given
   * `data` — the data is JSON within the limit that satisfies the receiver's requirements (422).
   * What a webhook or an event is refused with before it is recorded.
   */
  checkReceiver(cls: AutomationClass | string, message: string, data?: unknown): AutomationClass {
    const def = this.definition(cls);
    if (data === undefined) {
      if (!def.receivers.has(this.messageKey(message))) throw new NoReceiverError(def.name, message);
    } else {
      this.checkMessage(def, message, undefined, data);
    }
    return def.cls;
  }

  /** Delivers a message to an instance: runs its receiver, saves the data, then runs the instance. */
  async sendMessage(id: string, message: string, token?: string, data: Record<string, unknown> = {}, options: MessageOptions = {}): Promise<MessageDelivery> {
    const state = await this.load(id, options.automation);
    const def = await this.flowOf(state);
    const { receiver, payload } = this.checkMessage(def, message, token, data);
    const guard = options.delivery;
    const seen = guard && findMark(state, guard.id);
    if (seen) return { instanceId: id, result: seen[2] ? 'received' : null, run: null, duplicate: true };
    if (state.status === 'finished') throw new InstanceStateError(`Instance "${id}" has finished and receives no messages`);
    return this.fresh(id, (fresh, leased) => this.receive(def, fresh, receiver, token, payload, guard, leased), undefined, state);
  }

  /** `sendMessage` for an id or a bound instance (the seeds' dispatch_message). */
  async dispatchMessage(target: string | Automation<object>, message: string, token?: string, data?: Record<string, unknown>, options: MessageOptions = {}): Promise<MessageDelivery> {
    return this.sendMessage(typeof target === 'string' ? target : target.id, message, token, data, options);
  }

  /**
   * Creates an instance and delivers the message before its first node runs. With a delivery,
   * the instance's id is derived from the delivery's: a repeat delivers to the instance the
   * first attempt created (once), instead of creating another.
   */
  async createOnMessage(cls: AutomationClass, message: string, token?: string, data: Record<string, unknown> = {}, options: Pick<MessageOptions, 'delivery'> = {}): Promise<MessageDelivery> {
    const def = this.definition(cls);
    const { receiver, payload } = this.checkMessage(def, message, token, data);
    const seed = Array.isArray(def.unique) ? Object.fromEntries(def.unique.map((k) => [k, payload[k]])) : {};
    const guard = options.delivery;
    const { state, created } = await this.create(def, seed, true, guard && instanceIdForDelivery(guard.id));
    if (!created) return this.sendMessage(state.id, message, token, data, guard ? { delivery: guard } : {});
    return this.receive(def, state, receiver, token, payload, guard);
  }

  /**
   * Sends the message to every running instance; a receiver returning 'received' stops the
   * broadcast. With a delivery, each instance applies it at most once: a repeat skips those
   * that have it (and stops where one answered 'received').
   */
  async broadcastMessage(cls: AutomationClass | string, message: string, token?: string, data: Record<string, unknown> = {}, options: Pick<MessageOptions, 'delivery'> = {}): Promise<Json[]> {
    const def = this.definition(cls);
    this.checkMessage(def, message, token, data);
    return this.broadcast(def, message, token, data, undefined, options.delivery);
  }

  private async broadcast(def: FlowDefinition, message: string, token: string | undefined, data: Record<string, unknown>, self: InstanceRun | undefined, guard?: DeliveryGuard): Promise<Json[]> {
    const results: Json[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.list({ automation: def.name, statuses: ['running', 'waiting'], limit: 100, ...(cursor ? { cursor } : {}) });
      for (const item of page.items) {
        let result: Json;
        try {
          result = self && item.id === self.state.id
            ? await this.receiveInline(self, message, token, data)
            : (await this.sendMessage(item.id, message, token, data, guard ? { delivery: guard } : {})).result;
        } catch (error) {
          if (error instanceof InstanceNotFoundError || error instanceof InstanceStateError) continue; // finished or killed meanwhile
          throw error;
        }
        results.push(result);
        if (result === 'received') return results;
      }
      cursor = page.cursor;
    } while (cursor);
    return results;
  }

  private messageKey(message: string): string {
    if (typeof message !== 'string' || !isValidMessageName(message)) throw new DataValidationError(`"${String(message)}" is not a valid message name (letters, digits, _ and -)`);
    return receiverName(message).slice('receive'.length).replace(/^./, (c) => c.toLowerCase());
  }

  private checkMessage(def: FlowDefinition, message: string, token: unknown, data: unknown): { receiver: ReceiverInfo; payload: JsonObject } {
    const receiver = def.receivers.get(this.messageKey(message));
    if (!receiver) throw new NoReceiverError(def.name, message);
    if (token !== undefined && typeof token !== 'string') throw new DataValidationError('A message token must be a string');
    const json = toJsonObject(data ?? {}, `The data of message "${message}"`, this.settings.dataLimitBytes);
    const { data: payload, unmet } = applyRequirements(receiver.requirements, json);
    if (unmet.length) throw new MessageRequirementsError(def.name, message, unmet);
    return { receiver, payload };
  }

  /**
   * Runs the receiver, then the instance. `leased`: the state holds this caller's lease (a
   * create-on-message); otherwise the run's first commit takes it, and that commit is
   * conditional on the version read, so no other runner can apply this delivery meanwhile.
   */
  private async receive(def: FlowDefinition, state: InstanceState, receiver: ReceiverInfo, token: string | undefined, payload: JsonObject, guard: DeliveryGuard | undefined, leased = true): Promise<MessageDelivery> {
    const instance = this.instantiate(def, state);
    const runner = new InstanceRun(def, state, instance, this.settings, this.hooks, leased ? state.lease!.owner : randomUUID(), leased);
    const seen = guard && findMark(state, guard.id);
    if (seen) {
      if (leased) await this.leases.release(state);
      return { instanceId: state.id, result: seen[2] ? 'received' : null, run: null, duplicate: true };
    }
    let result: unknown;
    try {
      if (guard) {
        if (state.status === 'finished') throw new InstanceStateError(`Instance "${state.id}" has finished and receives no messages`);
        checkCertain(state, guard);
      }
      result = await this.callReceiver(instance, receiver, token, payload);
      state.data = toJsonObject(instance.data, `The data of ${def.name} instance ${state.id}`, this.settings.dataLimitBytes);
      instance.data = state.data;
      // the receiver's effect and the mark are committed together, by the run's first commit
      if (guard) await addMark(state, guard, this.clock.now(), result === 'received');
    } catch (error) {
      if (leased) await this.leases.release(state);
      throw error;
    }
    guard?.applying?.();
    const applied = guard?.applied;
    if (applied) runner.onCommitted(() => applied(state.id));
    const run = await runner.run();
    await this.afterRun(run);
    return { instanceId: state.id, result: toJsonResult(result), run };
  }

  private async callReceiver(instance: Automation<object>, receiver: ReceiverInfo, token: string | undefined, payload: JsonObject): Promise<unknown> {
    const method = (instance as unknown as Record<string, (t: string | undefined, d: JsonObject) => unknown>)[receiver.method]!;
    return method.call(instance, token, structuredClone(payload));
  }

  /** A message from a running node to its own instance: the runner already holds the lease. */
  private async receiveInline(self: InstanceRun, message: string, token: string | undefined, data: unknown): Promise<Json> {
    const { receiver, payload } = this.checkMessage(self.def, message, token, data);
    return toJsonResult(await this.callReceiver(self.automation, receiver, token, payload));
  }

  private async deliver(from: InstanceRun, target: MessageTarget, message: string, token: string | undefined, data: unknown): Promise<unknown> {
    const payload = (data ?? {}) as Record<string, unknown>;
    if (typeof target === 'string') {
      if (target === from.state.id) return this.receiveInline(from, message, token, payload);
      return (await this.sendMessage(target, message, token, payload)).result;
    }
    if (target instanceof Automation) {
      if (!isBound(target)) throw new DataValidationError('SendMessage needs a started instance, not a declaration');
      return this.deliver(from, target.id, message, token, payload);
    }
    if (isAutomationClass(target) || (typeof target === 'object' && target !== null && typeof target.automation === 'string')) {
      const def = this.definition(isAutomationClass(target) ? target : target.automation);
      this.checkMessage(def, message, token, payload);
      return this.broadcast(def, message, token, payload, from);
    }
    throw new DataValidationError(`SendMessage cannot send to ${JSON.stringify(toJsonResult(target))}: give an instance id, an instance, or an automation class`);
  }

  // ── human tasks ─────────────────────────────────────────────────────────

  /** The open human tasks `user` may complete (every assignment holds), oldest first. */
  async tasksFor(user: Identity, query: TaskListQuery = {}): Promise<Page<OpenTask>> {
    return this.taskList.for(user, query);
  }

  /** The form of an open task: JSON Schema, prefilled values, context and the instance's data. */
  async taskForm(instanceId: string, task: number, user: Identity): Promise<TaskForm> {
    return this.taskList.form(instanceId, task, user);
  }

  /** Completes a Form task: checks the user and the values, then continues the instance. */
  async submitForm({ instanceId, task, user, values }: FormSubmission): Promise<RunResult> {
    const state = await this.load(instanceId);
    const def = await this.flowOf(state);
    const path = state.paths.find((p) => p.task === task);
    const fn = path && def.byName.get(path.node);
    const form = fn?.node.humanTask();
    if (!path || !fn || !form) throw await this.closedTaskError(instanceId, task);
    if (form.decisionOnly) throw new InstanceStateError(`Task ${task} of instance "${instanceId}" is an approval step: decide it with a decision (approve, reject, delegate, resubmit)`);
    if (!isOpenTo(form.assignment, user)) throw new FormForbiddenError(`Task ${task} of instance "${instanceId}" is not assigned to ${user.id}`);
    const skipAfter = fn.node.options.skipAfter;
    if (skipAfter !== undefined && this.clock.now() >= path.taskCreated! + toMilliseconds(skipAfter)) {
      throw new TaskClosedError(`Task ${task} of instance "${instanceId}" has expired`, 410);
    }
    const parsed = form.schema.safeParse(values);
    if (!parsed.success) throw new FormValidationError(fieldErrorsOf(parsed.error.issues));
    const submitted = toJsonObject(parsed.data, 'The form values', this.settings.dataLimitBytes);
    return this.fresh(instanceId, (fresh, leased) => this.completeForm(def, fresh, task, fn, form, submitted, user, leased), undefined, state);
  }

  /** Completes the form's task on `leased` (read without a lease: the run's first commit takes it) and runs the instance. */
  private async completeForm(def: FlowDefinition, leased: InstanceState, task: number, fn: FlowNode, form: HumanTask, submitted: JsonObject, user: Identity, holdsLease: boolean): Promise<RunResult> {
    const instanceId = leased.id;
    const current = leased.paths.find((p) => p.task === task);
    if (!current) {
      if (holdsLease) await this.leases.release(leased);
      throw await this.closedTaskError(instanceId, task);
    }
    const instance = this.instantiate(def, leased);
    const runner = new InstanceRun(def, leased, instance, this.settings, this.hooks, holdsLease ? leased.lease!.owner : randomUUID(), holdsLease);
    const key = form.formOptions.saveAs ?? fn.name;
    const saveAs = form.formOptions.saveAs;
    const existing = saveAs === undefined ? undefined : leased.data[saveAs];
    leased.data[key] = existing && typeof existing === 'object' && !Array.isArray(existing) ? { ...existing, ...submitted } : submitted;
    runner.completeTask(current, fn, submitted, user.id);
    const run = await runner.run();
    await this.afterRun(run);
    return run;
  }

  private async closedTaskError(instanceId: string, task: number): Promise<Error> {
    const record = await this.store.task(instanceId, task);
    if (!record) return new TaskNotFoundError(instanceId, task);
    if (record.finished === null) return new InstanceStateError(`Task ${task} of instance "${instanceId}" is not a form waiting for input`);
    if (record.message === 'skipped') return new TaskClosedError(`Task ${task} of instance "${instanceId}" has expired`, 410);
    return new TaskClosedError(`Task ${task} of instance "${instanceId}" was already completed${record.completedBy ? ` by ${record.completedBy}` : ''}`, 409);
  }

  // ── background (threaded) nodes ─────────────────────────────────────────

  /**
   * Runs a background job (a threaded Execute node, a DAG task's attempt) outside the instance's
   * lease, then continues the instance. The claim, and a result that starts nothing else (a DAG
   * task of a wide job whose siblings are still running), are each one compare-and-set write
   * without the lease (`Leases.withoutLease`), so completions of a wide job do not queue behind
   * one another's lease; anything more (a dependent can start, the job ends, a failure) settles
   * under the lease and runs the instance.
   */
  async runBackground(job: BackgroundJob): Promise<RunResult | null> {
    const owner = randomUUID();
    const claimable = (state: InstanceState): PathState | undefined => {
      const path = state.paths.find((p) => p.task === job.task && p.background);
      // claimed by a live runner; a claimed job with a deadline is never handed out again (its deadline fails it)
      if (!path || (path.background!.owner !== '' && (path.background!.deadline !== undefined || path.background!.since + this.settings.leaseMs > this.clock.now()))) return undefined;
      return path;
    };
    let claimed: InstanceState | undefined;
    let path: PathState | undefined;
    const quick = await this.leases.withoutLease(job.instanceId, (state) => {
      const found = claimable(state);
      if (!found) return { write: false, value: false };
      found.background = { ...found.background!, owner, since: this.clock.now() };
      claimed = state;
      path = found;
      return { write: true, value: true };
    });
    if (quick === undefined) {
      const leased = await this.leases.acquire(job.instanceId, true);
      path = claimable(leased);
      if (path) path.background = { ...path.background!, owner, since: this.clock.now() };
      await this.leases.release(leased);
      claimed = leased;
    } else if (!quick.value) {
      return null;
    }
    if (!path || !claimed) return null;

    const def = await this.flowOf(claimed);
    const fn = def.byName.get(path.node)!;
    const instance = this.instantiate(def, claimed);
    const detached = new InstanceRun(def, claimed, instance, this.settings, this.hooks, owner);
    const before = structuredClone(claimed.data);
    let outcome: Outcome = await fn.node.runDetached(detached.context(path, fn));
    let changes: JsonObject = {};
    try {
      changes = changedKeys(before, toJsonObject(instance.data, `The data of ${def.name} instance ${claimed.id}`, this.settings.dataLimitBytes));
    } catch (error) {
      outcome = { kind: 'fail', error };
    }
    const applyChanges = (state: InstanceState) => {
      if (outcome.kind !== 'fail') for (const [k, v] of Object.entries(changes)) if (v === null && !(k in (instance.data as object))) delete state.data[k]; else state.data[k] = v;
    };

    const alone = await this.leases.withoutLease<RunResult | null>(job.instanceId, async (state) => {
      if (state.status !== 'waiting' && state.status !== 'running') return { lease: true };
      const current = state.paths.find((p) => p.task === job.task && p.background?.owner === owner);
      if (!current) return { write: false, value: null };
      const runner = new InstanceRun(def, state, this.instantiate(def, state), this.settings, this.hooks, owner);
      if (!fn.node.settlesAlone(def, runner.context(current, fn), outcome)) return { lease: true };
      applyChanges(state);
      delete current.background;
      runner.apply(current, fn, await fn.node.settle(runner.context(current, fn), outcome), false);
      return { write: true, value: runner.unleasedResult(), tasks: runner.takePending() };
    });
    if (alone !== undefined) return alone.value;

    const state = await this.leases.acquire(job.instanceId, true);
    const current = state.paths.find((p) => p.task === job.task && p.background?.owner === owner);
    if (!current) {
      await this.leases.release(state);
      return null;
    }
    applyChanges(state);
    delete current.background;
    const runner = new InstanceRun(def, state, this.instantiate(def, state), this.settings, this.hooks, state.lease!.owner);
    runner.apply(current, fn, await fn.node.settle(runner.context(current, fn), outcome), false);
    const run = await runner.run();
    await this.afterRun(run);
    return run;
  }

  private async afterRun(run: RunResult): Promise<void> {
    await this.onRun?.(run);
    for (const job of run.background) {
      if (this.dispatchBackground) await this.dispatchBackground(job);
      else await this.runBackground(job);
    }
  }

  // ── scheduling and history ──────────────────────────────────────────────

  /**
   * Runs every instance that is due (the successor of `automation_step`), or only those of
   * `ids` that are due; instances another runner holds are skipped, not waited for. One
   * failure never stops the pass.
   */
  async runDue(options: { limit?: number; concurrency?: number; ids?: readonly string[] } = {}): Promise<TickReport> {
    const now = this.clock.now();
    const queue = options.ids === undefined ? (await this.store.due(now, options.limit ?? 1_000)).map((d) => d.id) : [...options.ids];
    const report: TickReport = { ran: [], busy: [], failed: [] };
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        let automation = '';
        try {
          // not due any more (another runner advanced it), held, or gone: skipped, without a write
          const state = await this.leases.readIfDue(id, now);
          if (!state) {
            report.busy.push(id);
            continue;
          }
          automation = state.automation;
          report.ran.push(await this.runUnleased(state));
        } catch (error) {
          if (error instanceof RaceLostError) {
            report.busy.push(id); // another runner took it between the read and the first commit
            continue;
          }
          report.failed.push({
            id,
            automation: error instanceof UnknownAutomationError ? error.automation : automation,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
    return report;
  }

  /**
   * Deletes instances finished more than `days` ago, with their history: all of them (the daily
   * job), or a page at a time (`limit`, `cursor`: the CLI's progress bar), or only counts them
   * (`dryRun`). One walk of the store's finished index either way.
   */
  async deleteHistory(days = 30, page: DeleteFinishedOptions = {}): Promise<DeleteFinishedResult & { deleted: number }> {
    if (!(Number.isFinite(days) && days >= 0)) throw new DataValidationError('days must be a non-negative number');
    const result = await this.store.deleteFinishedBefore(this.clock.now() - days * DAY, page);
    return { deleted: result.instances + result.tasks, ...result };
  }

  // ── leases ──────────────────────────────────────────────────────────────

  private async load(id: string, expected?: AutomationClass | string): Promise<InstanceState> {
    const state = await this.store.get(id);
    if (!state) throw new InstanceNotFoundError(id);
    if (expected !== undefined) {
      const name = typeof expected === 'string' ? expected : automationName(expected);
      if (name !== state.automation) throw new AutomationMismatchError(id, name, state.automation);
    }
    return state;
  }

  /** Runs an instance read without its lease: the run's first commit takes it (RaceLostError if another writer was first). */
  private async runUnleased(state: InstanceState, leased = false): Promise<RunResult> {
    const def = await this.flowOf(state);
    const run = await new InstanceRun(def, state, this.instantiate(def, state), this.settings, this.hooks, leased ? state.lease!.owner : randomUUID(), leased).run();
    await this.afterRun(run);
    return run;
  }

  private instantiate(def: FlowDefinition, state: InstanceState): Automation<object> {
    const instance = Object.create(def.cls.prototype as object) as Automation<object>;
    Object.assign(instance, def.constants);
    for (const n of def.nodes) (instance as unknown as Record<string, unknown>)[n.name] = n.node;
    bindInstance(instance, this.operations, state, this.services);
    return instance;
  }
}

export function isAutomationClass(value: unknown): value is AutomationClass {
  return typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Automation;
}

function changedKeys(before: JsonObject, after: JsonObject): JsonObject {
  const changes: JsonObject = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = after[key] ?? null;
  }
  return changes;
}
