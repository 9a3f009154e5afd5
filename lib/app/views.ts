import type { Engine } from '../engine/engine.js';
import { isOpenTo, type Identity } from '../engine/identity.js';
import { toMermaid } from '../engine/mermaid.js';
import type { RunResult } from '../engine/run-result.js';
import type { InstanceState, TaskRecord } from '../engine/state.js';
import type { InstanceSummary } from '../engine/store.js';
import { isViewer } from './policy.js';

/** How the API, the dashboard and the CLI show engine objects: one shape each, JSON-ready. */

export const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** Where an instance's paths stand (nothing once it has finished). */
export function currentPositions(state: InstanceState) {
  return state.status === 'finished' ? [] : state.paths.map((p) => ({
    path: p.id,
    node: p.node,
    task: p.task,
    waiting: p.waiting?.reason ?? (p.joined ? 'join' : p.background ? 'background' : null),
    until: iso(p.waiting?.until),
  }));
}

/** One history entry; error stacks only for those allowed to see them. */
export function taskView(t: TaskRecord, { stacks }: { stacks: boolean }) {
  return {
    seq: t.seq,
    node: t.node,
    path: t.path,
    created: iso(t.created)!,
    finished: iso(t.finished),
    message: t.message,
    completedBy: t.completedBy ?? null,
    result: t.result,
    error: t.error ? { name: t.error.name, message: t.error.message, stack: stacks ? t.error.stack : null } : null,
  };
}

/** What every view of one instance shows: where it stands, its data, its history and its diagram. */
async function instanceBasics(engine: Engine, state: InstanceState, tasks: readonly TaskRecord[], stacks: boolean) {
  const def = await engine.flowOf(state); // code flows, and pinned versions of processes and workflows
  const current = currentPositions(state);
  return {
    def,
    current,
    fields: {
      id: state.id,
      automation: state.automation,
      status: state.status,
      created: iso(state.created)!,
      updated: iso(state.updated)!,
      finishedAt: iso(state.finishedAt),
      dueAt: iso(state.dueAt),
      data: state.data,
    },
    history: tasks.map((t) => taskView(t, { stacks })),
    diagram: toMermaid(def, { highlight: current.map((c) => c.node) }),
  };
}

/** The status of an instance as the operator API shows it (bearer token): its key, version and history, no stacks. */
export async function instanceView(engine: Engine, state: InstanceState, tasks: readonly TaskRecord[]) {
  const { fields, current, history, diagram } = await instanceBasics(engine, state, tasks, false);
  return { ...fields, key: engine.getKey(state.id), version: state.version, error: state.error, current, tasks: history, diagram };
}

/**
 * An instance's dashboard page for a signed-in user (who may see it: `mayViewInstance`):
 * error stacks and the instance key for viewers only, which open tasks are open to the user,
 * and the messages a page view may send.
 */
export async function instancePage(engine: Engine, state: InstanceState, tasks: readonly TaskRecord[], user: Identity) {
  const viewer = isViewer(user);
  const { def, fields, current, history, diagram } = await instanceBasics(engine, state, tasks, viewer);
  const failed = state.error ? tasks.find((t) => t.seq === state.error!.task) : undefined;
  return {
    ...fields,
    verboseName: def.verboseName,
    current,
    error: state.error ? { ...state.error, stack: viewer ? (failed?.error?.stack ?? null) : null } : null,
    history,
    openTasks: tasks.filter((t) => t.finished === null && t.assignment).map((t) => ({ task: t.seq, node: t.node, openToYou: isOpenTo(t.assignment, user) })),
    diagram,
    key: viewer ? engine.getKey(state.id) : null,
    receivers: publishedMessages(engine, state.automation),
  };
}

/** What a page view may send: the receivers of automations that publish them (meta.publishReceivers). */
export function publishedMessages(engine: Engine, automation: string): string[] {
  return engine.publishedReceivers().filter((r) => r.automation === automation).map((r) => r.message);
}

export function runView(run: RunResult) {
  return {
    id: run.id,
    automation: run.automation,
    status: run.status,
    wake: run.wake.kind === 'at' || run.wake.kind === 'poll' ? { kind: run.wake.kind, at: iso(run.wake.at)! } : { kind: run.wake.kind },
    steps: run.steps,
  };
}

export function summaryView(s: InstanceSummary) {
  return { id: s.id, automation: s.automation, status: s.status, dueAt: iso(s.dueAt), created: iso(s.created)!, updated: iso(s.updated)!, finishedAt: iso(s.finishedAt) };
}
