import type { WaitReason } from './nodes/outcome.js';
import type { InstanceStatus } from './state.js';
/** When an instance next wants to run, so runtimes can schedule it precisely. */
export type Wake = {
    kind: 'at';
    at: number;
} | {
    kind: 'poll';
    at: number;
} | {
    kind: 'external';
} | {
    kind: 'none';
};
export interface Position {
    path: number;
    node: string;
    waiting: WaitReason | null;
    until: number | null;
}
export interface BackgroundJob {
    instanceId: string;
    task: number;
    /** When the engine handed the job out; a job handed out again (its runner was lost) gets a new time. */
    dispatchedAt: number;
}
export interface RunResult {
    id: string;
    automation: string;
    status: InstanceStatus;
    positions: Position[];
    wake: Wake;
    /** Nodes executed (or skipped) by this run. */
    steps: number;
    /** Threaded Execute nodes that must now run in their own invocation. */
    background: BackgroundJob[];
}
