import { toMermaid } from '../../lib/engine/mermaid.js';
export const iso = (ms) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
/** Where an instance's paths stand (nothing once it has finished). */
export function currentPositions(state) {
    return state.status === 'finished' ? [] : state.paths.map((p) => ({
        path: p.id,
        node: p.node,
        task: p.task,
        waiting: p.waiting?.reason ?? (p.joined ? 'join' : p.background ? 'background' : null),
        until: iso(p.waiting?.until),
    }));
}
/** One history entry; error stacks only for those allowed to see them. */
export function taskView(t, { stacks }) {
    return {
        seq: t.seq,
        node: t.node,
        path: t.path,
        created: iso(t.created),
        finished: iso(t.finished),
        message: t.message,
        completedBy: t.completedBy ?? null,
        result: t.result,
        error: t.error ? { name: t.error.name, message: t.error.message, stack: stacks ? t.error.stack : null } : null,
    };
}
/** The status of an instance as the API shows it: where it stands, its data, its history and a diagram. */
export async function instanceView(runtime, state, tasks) {
    const def = await runtime.engine.flowOf(state); // code flows, and pinned versions of processes and workflows
    const current = currentPositions(state);
    return {
        id: state.id,
        key: runtime.engine.getKey(state.id),
        automation: state.automation,
        status: state.status,
        version: state.version,
        created: iso(state.created),
        updated: iso(state.updated),
        finishedAt: iso(state.finishedAt),
        dueAt: iso(state.dueAt),
        data: state.data,
        error: state.error,
        current,
        tasks: tasks.map((t) => taskView(t, { stacks: false })),
        diagram: toMermaid(def, { highlight: current.map((c) => c.node) }),
    };
}
export function runView(run) {
    return {
        id: run.id,
        automation: run.automation,
        status: run.status,
        wake: run.wake.kind === 'at' || run.wake.kind === 'poll' ? { kind: run.wake.kind, at: iso(run.wake.at) } : { kind: run.wake.kind },
        steps: run.steps,
    };
}
export function summaryView(s) {
    return { id: s.id, automation: s.automation, status: s.status, dueAt: iso(s.dueAt), created: iso(s.created), updated: iso(s.updated), finishedAt: iso(s.finishedAt) };
}
