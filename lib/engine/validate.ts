import { toMilliseconds, toTimestamp, toWaitMilliseconds, type Duration } from './duration.js';
import type { FlowDefinition, FlowNode } from './definition.js';
import { RESERVED_NAMES } from './reserved-names.js';
import type { NodeCheck } from './nodes/node.js';
import { Ref, refName } from './refs.js';

/** Where a node may continue: node names, or null for "past the last node". Each kind decides (Node.successors). */
export function successors(def: FlowDefinition, n: FlowNode): (string | null)[] {
  return n.node.successors(def, n);
}

/** Every problem with a compiled flow, as sentences naming the node and the fix. */
export function flowProblems(def: FlowDefinition): string[] {
  const problems: string[] = [];
  if (def.nodes.length === 0) return ['declares no nodes: add fields such as `start = flow.Execute(this.init)`'];
  const members = def.prototype as unknown as Record<string, unknown>;
  const isMember = (name: string) => name in members && !def.byName.has(name);

  const checkNodeTarget = (n: FlowNode, what: string, target: unknown) => {
    const name = refName(target);
    if (name !== undefined && !def.byName.has(name)) problems.push(`${what} of node '${n.name}' refers to unknown node '${name}'`);
  };
  const checkMemberRef = (n: FlowNode, what: string, spec: unknown) => {
    if (spec instanceof Ref && !isMember(spec.name)) problems.push(`${what} of node '${n.name}' refers to unknown member '${spec.name}'`);
  };

  for (const n of def.nodes) {
    const { node } = n;
    const options = node.options;
    if (n.name.startsWith('_')) problems.push(`node '${n.name}': names starting with '_' are reserved`);
    else if (RESERVED_NAMES.has(n.name)) problems.push(`node '${n.name}' shadows the Automation member '${n.name}': rename it`);
    else if (typeof (Object.getPrototypeOf(def.prototype) as Record<string, unknown>)[n.name] === 'function') {
      problems.push(`node '${n.name}' has the name of a method of ${def.name}: rename one of them`);
    }
    checkNodeTarget(n, '.Next()', options.next);
    checkNodeTarget(n, '.OnError()', node.onError);
    checkMemberRef(n, '.SkipIf()', options.skipIf);
    checkMemberRef(n, '.AsSoonAs()', options.asSoonAs);
    checkMemberRef(n, '.AfterWaitingUntil()', options.waitUntil);
    checkMemberRef(n, '.AfterWaitingFor()', options.waitFor);
    const checkConstant = (what: string, spec: unknown, check: (value: never) => unknown) => {
      if (spec === undefined || spec instanceof Ref || typeof spec === 'function') return;
      try {
        check(spec as never);
      } catch (error) {
        problems.push(`${what} of node '${n.name}': ${(error as Error).message}`);
      }
    };
    // a constant wait may be zero or negative (run at once); SkipAfter, a deadline, may not
    checkConstant('.AfterWaitingFor()', options.waitFor, (d: Duration) => toWaitMilliseconds(d));
    checkConstant('.AfterWaitingUntil()', options.waitUntil, (t: Date | number | string) => toTimestamp(t, 'the time'));
    checkConstant('.SkipAfter()', options.skipAfter, (d: Duration) => toMilliseconds(d));
    const check: NodeCheck = {
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
  if (problems.length) return problems; // the graph checks below need resolvable targets

  for (const n of def.nodes) {
    if (successors(def, n).includes(null)) {
      problems.push(`node '${n.name}' continues past the last node: end the flow with flow.End(), loop with flow.Repeat(), or give it .Next()`);
    }
  }
  const reached = new Set<string>([def.first]);
  const queue = [def.first];
  while (queue.length) {
    const n = def.byName.get(queue.pop()!)!;
    for (const s of successors(def, n)) if (s !== null && !reached.has(s)) reached.add(s), queue.push(s);
  }
  for (const n of def.nodes) if (!reached.has(n.name)) problems.push(`node '${n.name}' can never be reached`);
  if (!def.nodes.some((n) => n.node.endsFlow)) {
    problems.push('the flow has no End node: a flow that does not Repeat must finish with flow.End()');
  }
  problems.push(...splitProblems(def));
  return problems;
}

function splitProblems(def: FlowDefinition): string[] {
  const problems: string[] = [];
  const memo = new Map<string, Set<string>>();

  const joinsFrom = (start: string): Set<string> => {
    const joins = new Set<string>();
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const n = def.byName.get(name)!;
      if (n.node.splitRole === 'join') {
        joins.add(name);
        continue;
      }
      if (n.node.splitRole === 'split') {
        for (const inner of joinsOfSplit(name)) stack.push(...successors(def, def.byName.get(inner)!).filter((s): s is string => s !== null));
        continue;
      }
      stack.push(...successors(def, n).filter((s): s is string => s !== null));
    }
    return joins;
  };

  const joinsOfSplit = (split: string): Set<string> => {
    const known = memo.get(split);
    if (known) return known;
    const all = new Set<string>();
    memo.set(split, all); // a split that reaches itself sees no joins through that route
    const n = def.byName.get(split)!;
    const unjoined: string[] = [];
    for (const target of successors(def, n)) {
      if (target === null) continue;
      const joins = joinsFrom(target);
      if (joins.size === 0) unjoined.push(target);
      joins.forEach((j) => all.add(j));
    }
    // Paths that never meet are fine when none of them joins: each loops forever (Repeat) or
    // ends the instance (falling off the end is refused above). A Join that some path can
    // never reach would wait forever.
    if (all.size > 0) for (const target of unjoined) problems.push(`a path of Split '${split}' (starting at '${target}') never reaches a Join`);
    if (all.size > 1) problems.push(`the paths of Split '${split}' reach different Joins (${[...all].join(', ')}): they must all meet at one`);
    return all;
  };

  for (const n of def.nodes) if (n.node.splitRole === 'split') joinsOfSplit(n.name);
  return [...new Set(problems)];
}
