/** A task is open to a user when every part of its assignment holds (and always to superusers of its tenant). */
export function isOpenTo(assignment, identity) {
    if (assignment?.tenant !== undefined && identity.tenant !== assignment.tenant)
        return false;
    if (identity.superuser)
        return true;
    if (!assignment)
        return true;
    if (assignment.user !== undefined && assignment.user !== identity.id)
        return false;
    const groups = identity.groups ?? [];
    if (assignment.groups?.some((g) => !groups.includes(g)))
        return false;
    const permissions = identity.permissions ?? [];
    return !assignment.permissions?.some((p) => !permissions.includes(p));
}
