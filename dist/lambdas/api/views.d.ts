import type { RunResult } from '../../lib/engine/run-result.js';
import type { InstanceState, TaskRecord } from '../../lib/engine/state.js';
import type { InstanceSummary } from '../../lib/engine/store.js';
import type { Runtime } from '../shared/runtime.js';
export declare const iso: (ms: number | null | undefined) => string | null;
/** Where an instance's paths stand (nothing once it has finished). */
export declare function currentPositions(state: InstanceState): {
    path: number;
    node: string;
    task: number | null;
    waiting: string | null;
    until: string | null;
}[];
/** One history entry; error stacks only for those allowed to see them. */
export declare function taskView(t: TaskRecord, { stacks }: {
    stacks: boolean;
}): {
    seq: number;
    node: string;
    path: number;
    created: string;
    finished: string | null;
    message: string | null;
    completedBy: string | null;
    result: import("../../lib/engine/json.js").Json;
    error: {
        name: string;
        message: string;
        stack: string | null;
    } | null;
};
/** The status of an instance as the API shows it: where it stands, its data, its history and a diagram. */
export declare function instanceView(runtime: Runtime, state: InstanceState, tasks: readonly TaskRecord[]): Promise<{
    id: string;
    key: string;
    automation: string;
    status: import("../../lib/engine/state.js").InstanceStatus;
    version: number;
    created: string;
    updated: string;
    finishedAt: string | null;
    dueAt: string | null;
    data: import("../../lib/engine/json.js").JsonObject;
    error: import("../../lib/engine/state.js").InstanceError | null;
    current: {
        path: number;
        node: string;
        task: number | null;
        waiting: string | null;
        until: string | null;
    }[];
    tasks: {
        seq: number;
        node: string;
        path: number;
        created: string;
        finished: string | null;
        message: string | null;
        completedBy: string | null;
        result: import("../../lib/engine/json.js").Json;
        error: {
            name: string;
            message: string;
            stack: string | null;
        } | null;
    }[];
    diagram: string;
}>;
export declare function runView(run: RunResult): {
    id: string;
    automation: string;
    status: import("../../lib/engine/state.js").InstanceStatus;
    wake: {
        kind: "at" | "poll";
        at: string;
    } | {
        kind: "none" | "external";
        at?: undefined;
    };
    steps: number;
};
export declare function summaryView(s: InstanceSummary): {
    id: string;
    automation: string;
    status: import("../../lib/engine/state.js").InstanceStatus;
    dueAt: string | null;
    created: string;
    updated: string;
    finishedAt: string | null;
};
