import { AutomationError } from '../engine/errors.js';
import { isOpenTo, type Identity } from '../engine/identity.js';
import type { TaskRecord } from '../engine/state.js';

/** Who may see what of automations and their instances: one rule for the API, the dashboard and the CLI. */

/** Who may see every automation and instance (besides superusers). */
export const VIEW_PERMISSION = 'automations.view';

export const isViewer = (user: Identity): boolean => user.superuser === true || (user.permissions ?? []).includes(VIEW_PERMISSION);

export function requireViewer(user: Identity): void {
  if (!isViewer(user)) throw new AutomationError(`Seeing all automations needs the ${VIEW_PERMISSION} permission (or the superuser group)`, 403, 'forbidden');
}

/** A participant: an open task of the instance is open to the user, or the user completed one of its tasks. */
export function isParticipant(tasks: readonly TaskRecord[], user: Identity): boolean {
  return tasks.some((t) => (t.finished === null && t.assignment && isOpenTo(t.assignment, user)) || (t.completedBy != null && t.completedBy === user.id));
}

/** An instance page is open to viewers and to its participants; anyone else gets 403. */
export function requireInstanceAccess(instanceId: string, tasks: readonly TaskRecord[], user: Identity): void {
  if (!isViewer(user) && !isParticipant(tasks, user)) throw new AutomationError(`Instance "${instanceId}" has no task for ${user.id}`, 403, 'forbidden');
}
