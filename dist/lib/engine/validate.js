import { toMilliseconds, toTimestamp, toWaitMilliseconds } from './duration.js';
import { RESERVED_NAMES } from './reserved-names.js';
import { Ref, refName } from './refs.js';
/** Where a node may continue: node names, or null for "past the last node". Each kind decides (Node.successors). */
export function successors(def, n) {
    return n.node.successors(def, n);
}
/** Every problem with a compiled flow, as sentences naming the node and the fix. */
export function flowProblems(def) {
    const problems = [];
    if (def.nodes.length === 0)
        return ['declares no nodes: add fields such as `start = flow.Execute(this.init)`'];
    const members = def.prototype;
    const isMember = (name) => name in members && !def.byName.has(name);
    const checkNodeTarget = (n, what, target) => {
        const name = refName(target);
        if (name !== undefined && !def.byName.has(name))
            problems.push(`${what} of node '${n.name}' refers to unknown node '${name}'`);
    };
    const checkMemberRef = (n, what, spec) => {
        if (spec instanceof Ref && !isMember(spec.name))
            problems.push(`${what} of node '${n.name}' refers to unknown member '${spec.name}'`);
    };
    for (const n of def.nodes) {
        const { node } = n;
        const options = node.options;
        if (n.name.startsWith('_'))
            problems.push(`node '${n.name}': names starting with '_' are reserved`);
        else if (RESERVED_NAMES.has(n.name))
            problems.push(`node '${n.name}' shadows the Automation member '${n.name}': rename it`);
        else if (typeof Object.getPrototypeOf(def.prototype)[n.name] === 'function') {
            problems.push(`node '${n.name}' has the name of a method of ${def.name}: rename one of them`);
        }
        checkNodeTarget(n, '.Next()', options.next);
        checkNodeTarget(n, '.OnError()', node.onError);
        checkMemberRef(n, '.SkipIf()', options.skipIf);
        checkMemberRef(n, '.AsSoonAs()', options.asSoonAs);
        checkMemberRef(n, '.AfterWaitingUntil()', options.waitUntil);
        checkMemberRef(n, '.AfterWaitingFor()', options.waitFor);
        const checkConstant = (what, spec, check) => {
            if (spec === undefined || spec instanceof Ref || typeof spec === 'function')
                return;
            try {
                check(spec);
            }
            catch (error) {
                problems.push(`${what} of node '${n.name}': ${error.message}`);
            }
        };
        // a constant wait may be zero or negative (run at once); SkipAfter, a deadline, may not
        checkConstant('.AfterWaitingFor()', options.waitFor, (d) => toWaitMilliseconds(d));
        checkConstant('.AfterWaitingUntil()', options.waitUntil, (t) => toTimestamp(t, 'the time'));
        checkConstant('.SkipAfter()', options.skipAfter, (d) => toMilliseconds(d));
        const check = {
            def,
            n,
            members,
            isMember,
            problem: (text) => problems.push(text),
            checkNodeTarget: (what, target) => checkNodeTarget(n, what, target),
            checkMemberRef: (what, spec) => checkMemberRef(n, what, spec),
        };
        node.problems(check);
    }
    if (problems.length)
        return problems; // the graph checks below need resolvable targets
    for (const n of def.nodes) {
        if (successors(def, n).includes(null)) {
            problems.push(`node '${n.name}' continues past the last node: end the flow with flow.End(), loop with flow.Repeat(), or give it .Next()`);
        }
    }
    const reached = new Set([def.first]);
    const queue = [def.first];
    while (queue.length) {
        const n = def.byName.get(queue.pop());
        for (const s of successors(def, n))
            if (s !== null && !reached.has(s))
                reached.add(s), queue.push(s);
    }
    for (const n of def.nodes)
        if (!reached.has(n.name))
            problems.push(`node '${n.name}' can never be reached`);
    if (!def.nodes.some((n) => n.node.endsFlow)) {
        problems.push('the flow has no End node: a flow that does not Repeat must finish with flow.End()');
    }
    problems.push(...splitProblems(def));
    return problems;
}
function splitProblems(def) {
    const problems = [];
    const memo = new Map();
    const joinsFrom = (start) => {
        const joins = new Set();
        const seen = new Set();
        const stack = [start];
        while (stack.length) {
            const name = stack.pop();
            if (seen.has(name))
                continue;
            seen.add(name);
            const n = def.byName.get(name);
            if (n.node.splitRole === 'join') {
                joins.add(name);
                continue;
            }
            if (n.node.splitRole === 'split') {
                for (const inner of joinsOfSplit(name))
                    stack.push(...successors(def, def.byName.get(inner)).filter((s) => s !== null));
                continue;
            }
            stack.push(...successors(def, n).filter((s) => s !== null));
        }
        return joins;
    };
    const joinsOfSplit = (split) => {
        const known = memo.get(split);
        if (known)
            return known;
        const all = new Set();
        memo.set(split, all); // a split that reaches itself sees no joins through that route
        const n = def.byName.get(split);
        const unjoined = [];
        for (const target of successors(def, n)) {
            if (target === null)
                continue;
            const joins = joinsFrom(target);
            if (joins.size === 0)
                unjoined.push(target);
            joins.forEach((j) => all.add(j));
        }
        // Paths that never meet are fine when none of them joins: each loops forever (Repeat) or
        // ends the instance (falling off the end is refused above). A Join that some path can
        // never reach would wait forever.
        if (all.size > 0)
            for (const target of unjoined)
                problems.push(`a path of Split '${split}' (starting at '${target}') never reaches a Join`);
        if (all.size > 1)
            problems.push(`the paths of Split '${split}' reach different Joins (${[...all].join(', ')}): they must all meet at one`);
        return all;
    };
    for (const n of def.nodes)
        if (n.node.splitRole === 'split')
            joinsOfSplit(n.name);
    return [...new Set(problems)];
}
