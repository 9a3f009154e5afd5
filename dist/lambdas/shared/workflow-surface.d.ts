import type { Directory, DirectoryUser } from '../../lib/identity/directory.js';
import type { AutoStartService } from '../../lib/engine/workflows/autostart.js';
import type { WorkflowService } from '../../lib/engine/workflows/service.js';
/** A directory that can also list a tenant's users (the delegate picker); the group-only directories answer by group. */
export interface ListingDirectory extends Directory {
    listUsers?(tenant: string): Promise<DirectoryUser[]>;
}
/** What the workflow routes, the CLI and the events function call: built by the composition root (workflow-wiring.ts). */
export interface WorkflowSurface {
    service: WorkflowService;
    autostart: AutoStartService;
    directory: ListingDirectory;
}
