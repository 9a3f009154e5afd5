export const WORKFLOW_KIND = 'workflow';
export const WORKFLOW_STRATEGIES = ['stages', 'pipelines', 'single'];
/** Events of an attachment; each happens once per occurrence and is published after its commit. */
export const WORKFLOW_EVENTS = [
    'workflowStarted', 'approved', 'rejected', 'resubmissionRequested', 'delegated', 'movedToStage', 'movedToPipeline', 'workflowCompleted',
    'reminderDue', 'escalated', 'workflowCancelled',
];
/** Units in order: by `order`, ties by position; pipelines first, then their stages. */
export function unitsOf(doc) {
    const sorted = (items) => items.map((item, i) => ({ item, i })).sort((a, b) => (a.item.order ?? 0) - (b.item.order ?? 0) || a.i - b.i).map((e) => e.item);
    if (doc.strategy === 'single')
        return [{ kind: 'workflow', id: doc.slug, name: doc.name, approvals: doc.approvals ?? [], options: doc }];
    const out = [];
    sorted(doc.pipelines ?? []).forEach((p, index) => {
        const pipeline = { id: p.id, name: p.name, index };
        if (doc.strategy === 'pipelines')
            out.push({ kind: 'pipeline', id: p.id, name: p.name, pipeline, approvals: p.approvals ?? [], options: p });
        else
            for (const s of sorted(p.stages ?? []))
                out.push({ kind: 'stage', id: s.id, name: s.name, pipeline, approvals: s.approvals, options: s, pipelineOptions: p });
    });
    return out;
}
