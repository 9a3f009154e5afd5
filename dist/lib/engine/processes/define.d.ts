import type { ProcessDocument } from './types.js';
/** A process declared in code (flows/): the same schema as one saved as data; validated and saved at start-up when it changed. */
export declare function defineProcess<const D extends ProcessDocument>(document: D): D;
/** Saves each process declared in code whose document differs from its head (a new version), through `service.upsert`. */
export declare function upsertProcesses(service: {
    upsert(input: unknown, by?: string): Promise<{
        saved: boolean;
    }>;
}, processes: readonly ProcessDocument[]): Promise<{
    name: string;
    saved: boolean;
}[]>;
