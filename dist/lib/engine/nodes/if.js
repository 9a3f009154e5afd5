import { memberRef, Ref, refName, selfRef } from '../refs.js';
import { Node } from './node.js';
export class If extends Node {
    kind = 'If';
    thenBranch = undefined;
    elseBranch = undefined;
    condition;
    constructor(condition) {
        super();
        this.condition = memberRef(condition);
    }
    Then(branch) {
        return this.with((copy) => {
            copy.thenBranch = selfRef(branch);
        });
    }
    Else(branch) {
        return this.with((copy) => {
            copy.elseBranch = selfRef(branch);
        });
    }
    get branches() {
        return { then: this.thenBranch, else: this.elseBranch };
    }
    targets() {
        return [this.thenBranch, this.elseBranch].filter((b) => typeof b === 'string' || b instanceof Ref);
    }
    /** The node a branch jumps to: the one it names, else (a callable, or none) the next one. */
    branchTarget(def, n, branch) {
        const target = refName(branch);
        return target !== undefined && def.byName.has(target) ? target : n.next;
    }
    ownSuccessors(def, n) {
        return [this.branchTarget(def, n, this.thenBranch), this.branchTarget(def, n, this.elseBranch)];
    }
    problems(check) {
        check.checkMemberRef('The condition', this.condition);
        if (this.thenBranch === undefined)
            check.problem(`If node '${check.n.name}' needs .Then()`);
        for (const [label, branch] of [['.Then()', this.thenBranch], ['.Else()', this.elseBranch]]) {
            const name = refName(branch);
            if (name === undefined)
                continue;
            if (typeof branch === 'string')
                check.checkNodeTarget(label, branch);
            else if (!check.def.byName.has(name) && typeof check.members[name] !== 'function')
                check.problem(`${label} of node '${check.n.name}' refers to unknown node or method '${name}'`);
        }
    }
    diagramShape(label) {
        return `{${label}}`;
    }
    diagramEdges(def, n) {
        const edges = [];
        const yes = this.branchTarget(def, n, this.thenBranch);
        const no = this.branchTarget(def, n, this.elseBranch);
        if (yes)
            edges.push({ to: yes, label: 'yes' });
        if (no)
            edges.push({ to: no, label: 'no' });
        return edges;
    }
    async run(ctx) {
        try {
            const holds = Boolean(await ctx.evaluate(this.condition));
            const branch = holds ? this.thenBranch : this.elseBranch;
            if (branch === undefined)
                return { kind: 'next', result: holds };
            const node = ctx.nodeName(branch);
            if (node !== undefined)
                return { kind: 'next', to: node, result: holds };
            await ctx.evaluate(branch);
            return { kind: 'next', result: holds };
        }
        catch (error) {
            return { kind: 'fail', error };
        }
    }
}
