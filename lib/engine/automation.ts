import type { z } from 'zod';
import type { Duration } from './duration.js';
import type { JsonObject } from './json.js';
import type { DataRequirements } from './messages.js';
import type { RunResult } from './run-result.js';
import type { InstanceState, InstanceStatus, TaskRecord } from './state.js';

export interface AutomationMeta {
  /** Stable name the instances are stored under (default: the class name; set it if your bundler renames classes). */
  name?: string;
  verboseName?: string;
  verboseNamePlural?: string;
  /** true: one running instance at a time; a list of data keys: one running instance per combination of their values. */
  unique?: boolean | readonly string[];
  /** IANA time zone for Repeat schedules (default: the engine's). */
  timeZone?: string;
  /** Offer the receivers to people picking a message (e.g. page-view hooks). */
  publishReceivers?: boolean;
  /** How often AsSoonAs conditions are polled when nothing else wakes the instance. */
  pollInterval?: Duration;
  /**
   * Data each receiver needs, by message: `{ updateSubscriber: { email: 'string' } }`. A message
   * without it is refused (422) before the receiver runs. (The seeds' @require_data_parameters.)
   */
  requireDataParameters?: Readonly<Record<string, DataRequirements>>;
  /**
   * A zod schema for the data an instance starts with: data that does not match is refused
   * (422 with field errors) before anything is written. Defaults and transforms apply.
   */
  data?: z.ZodType;
}

/** What a bound instance asks of its engine. */
export interface InstanceOperations {
  run(id: string): Promise<RunResult>;
  kill(id: string): Promise<void>;
  retry(id: string): Promise<RunResult>;
  sendMessage(id: string, message: string, token?: string, data?: Record<string, unknown>): Promise<unknown>;
  getKey(id: string): string;
  tasks(id: string): Promise<TaskRecord[]>;
  get(id: string): Promise<InstanceState | undefined>;
}

interface Binding {
  engine: InstanceOperations;
  state: InstanceState;
  services: object;
}

const BINDING = Symbol('serverless-automations.binding');

type Bound = { [BINDING]?: Binding };

/**
 * Base class of every automation. Subclasses declare their nodes as fields, in order:
 * `start = flow.Execute(this.init)`. An object made with `new` is only a declaration;
 * instances are created and bound by an engine (`engine.start(MyAutomation, data)`).
 * `S` names the services its nodes use (lib/engine/services.ts).
 */
export abstract class Automation<D extends object = JsonObject, S extends object = object> {
  static meta?: AutomationMeta;
  /** The instance's data: plain JSON, saved with every node's outcome. */
  declare data: D;

  private binding(): Binding {
    const binding = (this as Bound)[BINDING];
    if (!binding) throw new Error(`This ${this.constructor.name} object is a declaration, not an instance: start one with engine.start(${this.constructor.name}, data)`);
    return binding;
  }

  get id(): string {
    return this.binding().state.id;
  }
  get status(): InstanceStatus {
    return this.binding().state.status;
  }
  get finished(): boolean {
    return this.binding().state.status === 'finished';
  }
  /** The side effects this instance may use (mailer, HTTP client, …), as given where the automations were registered. */
  get services(): S {
    return this.binding().services as S;
  }
  /** The state as of the last operation through this object. */
  get state(): Readonly<InstanceState> {
    return this.binding().state;
  }

  /** Runs until the instance finishes, needs a person, or must wait. */
  async run(): Promise<RunResult> {
    return this.refreshAfter(this.binding().engine.run(this.id));
  }
  /** Deletes the instance and its history (for instances created in error). */
  async kill(): Promise<void> {
    await this.binding().engine.kill(this.id);
  }
  /** Resumes an instance that stopped on an error, re-running the failed node. */
  async retry(): Promise<RunResult> {
    return this.refreshAfter(this.binding().engine.retry(this.id));
  }
  async sendMessage(message: string, token?: string, data?: Record<string, unknown>): Promise<unknown> {
    return this.refreshAfter(this.binding().engine.sendMessage(this.id, message, token, data));
  }
  /** An unguessable key for this instance, safe to put in URLs (`?key=…`). */
  getKey(): string {
    return this.binding().engine.getKey(this.id);
  }
  /** The task history, oldest first. */
  async tasks(): Promise<TaskRecord[]> {
    return this.binding().engine.tasks(this.id);
  }
  /** Reloads data and status from the store. */
  async refresh(): Promise<this> {
    const binding = this.binding();
    const state = await binding.engine.get(this.id);
    if (state) {
      binding.state = state;
      this.data = state.data as D;
    }
    return this;
  }

  private async refreshAfter<T>(operation: Promise<T>): Promise<T> {
    const result = await operation;
    await this.refresh();
    return result;
  }
}

/** Makes `target` a live instance object over `state` (used by the engine). */
export function bindInstance(target: Automation<object>, engine: InstanceOperations, state: InstanceState, services: object = {}): void {
  Object.defineProperty(target, BINDING, { value: { engine, state, services }, enumerable: false, writable: true });
  (target as { data: object }).data = state.data;
}

export function isBound(value: unknown): value is Automation<object> {
  return value instanceof Automation && (value as Bound)[BINDING] !== undefined;
}
