export const ACTIVE_STATUSES = ['running', 'waiting', 'error'];
export function hoursSinceCreated(task, now) {
    return task.finished === null ? (now - task.created) / 3_600_000 : 0;
}
/**
 * The key an open Form task is listed under, most selective first: its user, else its first
 * group, else its first permission, else 'any'. Both stores index open tasks by it.
 */
export function assigneeKey(assignment) {
    if (assignment?.user !== undefined)
        return `user:${assignment.user}`;
    if (assignment?.groups?.length)
        return `group:${assignment.groups[0]}`;
    if (assignment?.permissions?.length)
        return `permission:${assignment.permissions[0]}`;
    return 'any';
}
/** An open human task: a Form task (it has an assignment) without a finish time. */
export function isOpenHumanTask(task) {
    return task.finished === null && task.assignment !== undefined && task.assignment !== null;
}
