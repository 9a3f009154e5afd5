import { refName } from '../refs.js';
import { Node } from './node.js';
/** Starts one parallel path per `.Next()`; the paths meet again at a Join. */
export class Split extends Node {
    kind = 'Split';
    paths = [];
    /** On a Split, each `.Next()` adds a path. */
    Next(target) {
        return this.with((copy) => {
            copy.paths = [...copy.paths, target];
        });
    }
    targets() {
        return [...this.paths];
    }
    ownSuccessors() {
        return this.paths.map((t) => refName(t));
    }
    problems(check) {
        if (this.paths.length === 0)
            check.problem(`Split node '${check.n.name}' starts no paths: add .Next(…) once per path`);
        this.paths.forEach((t) => check.checkNodeTarget('A path', t));
    }
    get hasEffects() {
        return false;
    }
    get splitRole() {
        return 'split';
    }
    diagramShape(label) {
        return `[[${label}]]`;
    }
    diagramEdges(_def, _n) {
        return this.paths.map((t) => ({ to: refName(t), style: 'thick' }));
    }
    async run(ctx) {
        return { kind: 'split', to: this.paths.map((p) => ctx.target(p)) };
    }
}
/** Waits until every path started by the same Split has arrived. */
export class Join extends Node {
    kind = 'Join';
    get hasEffects() {
        return false;
    }
    get splitRole() {
        return 'join';
    }
    diagramShape(label) {
        return `[[${label}]]`;
    }
    async run() {
        return { kind: 'join' };
    }
}
/** Finishes the instance (and cancels any other paths still open). */
export class End extends Node {
    kind = 'End';
    ownSuccessors() {
        return [];
    }
    successors() {
        return []; // an End goes nowhere, whatever its modifiers say
    }
    get hasEffects() {
        return false;
    }
    get endsFlow() {
        return true;
    }
    diagramShape(label) {
        return `([${label}])`;
    }
    async run() {
        return { kind: 'end' };
    }
}
