import type { DagTaskState } from '../state.js';
import type { JobTaskStatus, ProcessDocument } from './types.js';
/** Fill and stroke per task status, for job diagrams (and the dashboard's legend). */
export declare const STATUS_COLOURS: Readonly<Record<JobTaskStatus, {
    fill: string;
    stroke: string;
}>>;
/**
 * A process as a Mermaid flowchart: one node per task (name and action, escaped), an edge
 * from each parent. Mermaid lays it out; nothing is placed by hand.
 */
export declare function processDiagram(doc: ProcessDocument): string;
/** A job: the process's graph with each task coloured by its status (and the status under its name). */
export declare function jobDiagram(doc: ProcessDocument, tasks: Readonly<Record<string, DagTaskState>>): string;
