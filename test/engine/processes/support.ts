import * as z from 'zod';
import { ActionRegistry, defineAction } from '../../../lib/engine/actions/registry.js';
import type { BackgroundJob } from '../../../lib/engine/run-result.js';
import { ProcessRuntime } from '../../../lib/engine/processes/runtime.js';
import { ProcessService } from '../../../lib/engine/processes/service.js';
import type { ProcessDocument } from '../../../lib/engine/processes/types.js';
import type { TestEnvironment } from '../../../lib/engine/testing.js';
import type { Store } from '../../../lib/engine/store.js';
import { createTestEnvironment } from '../../../lib/engine/index.js';
import { createTestStore } from '../../support/backend.js';

export interface Call {
  job: string;
  task: string;
  key: string;
}

/** Test actions: `work` records each call and fails while its task is in `failing`; `hook` records error-hook calls. */
export interface Harness {
  env: TestEnvironment;
  service: ProcessService;
  runtime: ProcessRuntime;
  calls: Call[];
  hookCalls: Call[];
  /** Tasks whose next attempts fail (by name); a count of failures to come, or Infinity. */
  failing: Map<string, number>;
  /** Background jobs handed out (when dispatch is captured): run them with `runJobs`. */
  dispatched: BackgroundJob[];
  hookFails: { value: boolean };
  runJobs(): Promise<void>;
}

export async function harness(options: { capture?: boolean; store?: Store; start?: string; busyWaitMs?: number } = {}): Promise<Harness> {
  const dispatched: BackgroundJob[] = [];
  const env = createTestEnvironment({
    start: options.start ?? '2026-03-02T08:00:00Z',
    store: options.store ?? (await createTestStore()),
    ...(options.busyWaitMs === undefined ? {} : { busyWaitMs: options.busyWaitMs }),
    ...(options.capture ? { dispatchBackground: async (job: BackgroundJob) => void dispatched.push(job) } : {}),
  });
  const calls: Call[] = [];
  const hookCalls: Call[] = [];
  const failing = new Map<string, number>();
  const hookFails = { value: false };
  const actions = new ActionRegistry(
    defineAction({
      name: 'work',
      params: z.object({ out: z.string().optional() }),
      run: async (params, ctx) => {
        const call = { job: ctx.process!.job, task: ctx.process!.task, key: ctx.idempotencyKey };
        calls.push(call);
        const left = failing.get(call.task) ?? 0;
        if (left > 0) {
          failing.set(call.task, left - 1);
          throw Object.assign(new Error(`${call.task} failed`), { output: { status: 500 } });
        }
        return { done: call.task, ...(params.out ? { out: params.out } : {}) };
      },
    }),
    defineAction({
      name: 'hook',
      params: z.object({}),
      run: async (_params, ctx) => {
        hookCalls.push({ job: ctx.process!.job, task: ctx.process!.task, key: ctx.idempotencyKey });
        if (hookFails.value) throw new Error('the hook failed too');
      },
    }),
  );
  const runtime = new ProcessRuntime({ engine: env.engine, actions });
  const service = new ProcessService(runtime);
  const runJobs = async () => {
    while (dispatched.length) await env.engine.runBackground(dispatched.shift()!);
  };
  return { env, service, runtime, calls, hookCalls, failing, dispatched, hookFails, runJobs };
}

/** The example, with test actions. */
export function nightlySales(overrides: Partial<ProcessDocument> = {}): ProcessDocument {
  return {
    name: 'nightly-sales',
    description: "Load yesterday's sales",
    active: true,
    tasks: [
      { name: 'extract', action: 'work', timeout: '10m' },
      { name: 'clean', action: 'work', after: ['extract'], retry: { attempts: 3, backoff: '30s' } },
      { name: 'enrich', action: 'work', after: ['extract'] },
      { name: 'load', action: 'work', after: ['clean', 'enrich'] },
    ],
    ...overrides,
  };
}

export const statuses = (job: { tasks: { name: string; status: string }[] }): Record<string, string> =>
  Object.fromEntries(job.tasks.map((t) => [t.name, t.status]));
