import { memberRef, refName, selfRef } from '../refs.js';
/**
 * Base of every node. Nodes are immutable: each modifier returns a modified copy, so one
 * declaration can never carry state from one instance (or one automation) to the next.
 */
export class Node {
    modifiers = {};
    get options() {
        return this.modifiers;
    }
    /** Where the node continues when it fails (Execute and SendMessage offer `.OnError()`). */
    get onError() {
        return undefined;
    }
    /** Node references this node makes besides `.Next()`, for validation and diagrams. */
    targets() {
        return [];
    }
    /** The work of a node that handed itself to a background job (outcome 'background'); by default its run. */
    runDetached(ctx) {
        return this.run(ctx);
    }
    /**
     * Turns what a background job brought back (or a missed deadline, as a 'fail') into the
     * path's outcome, under the instance's lease. By default the job's outcome as is.
     */
    async settle(_ctx, outcome) {
        return outcome;
    }
    /**
     * Whether `settle(ctx, outcome)` only changes this path's own entry and retires the path, so
     * that a background job's result can be committed without the lease and without a run (see
     * `Leases.withoutLease`). It must have no effects and start nothing. Default: no.
     */
    settlesAlone(_def, _ctx, _outcome) {
        return false;
    }
    // ── what the validator, the diagram, the runner and the task list ask of a node ──
    // Each kind answers for itself here, so that adding a kind touches only its own module.
    /** Where the node itself continues (before `.OnError()` and skipping): by default its `next`. */
    ownSuccessors(_def, n) {
        return [n.next];
    }
    /** Every node the node may continue at; null means "past the last node". */
    successors(def, n) {
        const out = this.ownSuccessors(def, n);
        if (this.onError !== undefined)
            out.push(refName(this.onError));
        if (this.modifiers.skipIf !== undefined || this.modifiers.skipAfter !== undefined)
            out.push(n.next);
        return [...new Set(out)];
    }
    /** Problems specific to this kind, reported through `check` (the common ones are checked by validate.ts). */
    problems(_check) { }
    /** Whether running the node may have effects outside the instance (its predecessors' outcomes are committed first). */
    get hasEffects() {
        return true;
    }
    /** Whether the node always runs in its own invocation (a background job) rather than in the run. */
    get runsInBackground() {
        return false;
    }
    /** The flow may end at this node (End finishes it, Repeat loops forever). */
    get endsFlow() {
        return false;
    }
    /** Opens ('split') or closes ('join') parallel paths, for the split/join checks. */
    get splitRole() {
        return undefined;
    }
    /** A human task (a form) a person completes, or undefined for nodes the engine runs itself. */
    humanTask() {
        return undefined;
    }
    /** Mermaid's shape around a node's quoted label. */
    diagramShape(label) {
        return `[${label}]`;
    }
    /** Extra lines under the node's name in diagrams. */
    diagramNotes() {
        return [];
    }
    /** The node's outgoing edges in a diagram. */
    diagramEdges(def, n) {
        const errorTarget = this.onError === undefined ? undefined : refName(this.onError);
        const edges = [];
        for (const s of this.successors(def, n)) {
            if (s === null)
                continue;
            edges.push(s === errorTarget ? { to: s, style: 'dotted', label: 'error' } : this.plainEdge(s));
        }
        if ((this.modifiers.skipIf !== undefined || this.modifiers.skipAfter !== undefined) && n.next)
            edges.push({ to: n.next, style: 'dotted', label: 'skipped' });
        return edges;
    }
    plainEdge(to) {
        return { to };
    }
    /** A copy of this node (same class, same fields) with `change` applied. */
    with(change) {
        const copy = Object.assign(Object.create(Object.getPrototypeOf(this)), this);
        change(copy);
        return copy;
    }
    modify(patch) {
        return this.with((copy) => {
            copy.modifiers = { ...copy.modifiers, ...patch };
        });
    }
    /** Continue with `target` instead of the next declared node. */
    Next(target) {
        return this.modify({ next: target });
    }
    /** Wait until `condition` holds; it is checked again on every run (polled and after messages). */
    AsSoonAs(condition) {
        return this.modify({ asSoonAs: memberRef(condition) });
    }
    /** Do not execute before this point in time (a Date, ms timestamp, ISO string, or a function of the task). */
    AfterWaitingUntil(time) {
        return this.modify({ waitUntil: selfRef(time) });
    }
    /** Do not execute before this long after the node was reached (zero or negative: at once). */
    AfterWaitingFor(duration) {
        return this.modify({ waitFor: memberRef(duration) });
    }
    /** Leave the node unexecuted (task message 'skipped') when `condition` holds. Checked before any waiting. */
    SkipIf(condition) {
        return this.modify({ skipIf: memberRef(condition) });
    }
    /** Skip the node once it has waited this long (e.g. a form nobody filled in). */
    SkipAfter(duration) {
        return this.modify({ skipAfter: duration });
    }
    Description(text) {
        return this.modify({ description: text });
    }
}
