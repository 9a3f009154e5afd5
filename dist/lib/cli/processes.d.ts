import type { ApiClient } from './client.js';
/** `automations processes …` and `automations jobs …`: processes, jobs and task actions over the HTTP API. */
interface Out {
    out: (text: string) => void;
}
interface JobTask {
    name: string;
    action: string;
    status: string;
    waitingFor: string[];
    attempts: number;
    started: string | null;
    finished: string | null;
    output: unknown;
    error: {
        name: string;
        message: string;
    } | null;
    actions: string[];
}
interface Job {
    id: string;
    process: string;
    version: number;
    status: string;
    trigger: string;
    fireTime: string | null;
    created: string;
    finishedAt?: string | null;
    tasks?: JobTask[];
    diagram?: string;
}
/** A definition file: JSON (`.json`) or YAML (anything else; JSON is YAML too). */
export declare function parseDefinition(path: string, text: string): Record<string, unknown>;
export declare function formatJob(job: Job): string;
export declare function processCommand(api: ApiClient, args: readonly string[], flags: {
    json: boolean;
    wait: boolean;
}, io: Out, readFile: (path: string) => string): Promise<number>;
export declare function jobCommand(api: ApiClient, args: readonly string[], flags: {
    json: boolean;
    process?: string;
    status?: string;
}, io: Out): Promise<number>;
export {};
