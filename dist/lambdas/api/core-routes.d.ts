import type { Runtime } from '../shared/runtime.js';
import { type RouteModule } from './route.js';
/**
 * Deletes (or counts) up to `limit` instances finished before the cutoff, automation by
 * automation, and returns a cursor for the rest: the CLI's progress bar moves per call.
 * The scheduled job uses the store's bulk `deleteFinishedBefore` instead.
 */
export declare function deleteHistoryPage(runtime: Runtime, days: number, dryRun: boolean, limit: number, cursorText?: string): Promise<{
    cursor?: string | undefined;
    dryRun: boolean;
    matched: number;
    deleted: number;
}>;
export declare const coreRoutes: RouteModule;
