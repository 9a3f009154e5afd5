import { toMilliseconds, toTimestamp, toWaitMilliseconds, type Duration } from './duration.js';
import type { FlowDefinition, FlowNode } from './definition.js';
import { RESERVED_NAMES } from './reserved-names.js';
import { isValidMessageName } from './messages.js';
import { Execute } from './nodes/execute.js';
import { Join, End, Split } from './nodes/flow-control.js';
import { Form } from './nodes/form.js';
import { If } from './nodes/if.js';
import { Repeat } from './nodes/repeat.js';
import { SendMessage } from './nodes/send-message.js';
import { Ref } from './refs.js';

function refName(value: unknown): string | undefined {
  if (value instanceof Ref) return value.name;
  if (typeof value === 'string') return value.startsWith('self.') ? value.slice(5) : value;
  return undefined;
}

/** Where a node may continue: node names, or null for "past the last node". */
export function successors(def: FlowDefinition, n: FlowNode): (string | null)[] {
  const node = n.node;
  const out: (string | null)[] = [];
  if (node instanceof End) return out;
  if (node instanceof Repeat) out.push(refName(node.start) ?? def.first);
  else if (node instanceof Split) out.push(...node.targets().map((t) => refName(t)!));
  else if (node instanceof If) {
    for (const branch of [node.branches.then, node.branches.else]) {
      const target = refName(branch);
      out.push(target !== undefined && def.byName.has(target) ? target : n.next);
    }
  } else out.push(n.next);
  if (node.onError !== undefined) out.push(refName(node.onError)!);
  if (node.options.skipIf !== undefined || node.options.skipAfter !== undefined) out.push(n.next);
  return [...new Set(out)];
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
    if (node instanceof Execute) {
      const fn = node.callable;
      if (fn instanceof Ref && typeof members[fn.name] !== 'function') problems.push(`Execute node '${n.name}' refers to '${fn.name}', which is not a method`);
      if (fn === undefined && typeof (node as unknown as { method?: unknown }).method !== 'function') {
        problems.push(`Execute node '${n.name}' has no function: pass one (a method reference such as this.init) or subclass Execute with a method`);
      }
    } else if (node instanceof If) {
      checkMemberRef(n, 'The condition', node.condition);
      if (node.branches.then === undefined) problems.push(`If node '${n.name}' needs .Then()`);
      for (const [label, branch] of [['.Then()', node.branches.then], ['.Else()', node.branches.else]] as const) {
        const name = refName(branch);
        if (name === undefined) continue;
        if (typeof branch === 'string') checkNodeTarget(n, label, branch);
        else if (!def.byName.has(name) && typeof members[name] !== 'function') problems.push(`${label} of node '${n.name}' refers to unknown node or method '${name}'`);
      }
    } else if (node instanceof Split) {
      if (node.targets().length === 0) problems.push(`Split node '${n.name}' starts no paths: add .Next(…) once per path`);
      node.targets().forEach((t) => checkNodeTarget(n, 'A path', t));
    } else if (node instanceof Repeat) {
      checkNodeTarget(n, 'The start', node.start);
      const plan = node.scheduled;
      if (!plan) problems.push(`Repeat node '${n.name}' has no schedule: add .At(h, m), .EveryHour(), .EveryNMinutes(n), .EveryNDays(n) or .EveryDay()`);
      else if (plan.kind === 'at' && !(Number.isInteger(plan.hour) && plan.hour >= 0 && plan.hour < 24 && Number.isInteger(plan.minute) && plan.minute >= 0 && plan.minute < 60)) {
        problems.push(`Repeat node '${n.name}': .At(${plan.hour}, ${plan.minute}) is not a time of day`);
      } else if (plan.kind === 'interval' && !(plan.ms >= 60_000)) problems.push(`Repeat node '${n.name}' must repeat at most once a minute`);
      else if (plan.kind === 'days' && !(Number.isInteger(plan.days) && plan.days >= 1)) problems.push(`Repeat node '${n.name}': the number of days must be a whole number of at least 1`);
    } else if (node instanceof Form) {
      if (typeof (node.schema as { safeParse?: unknown } | undefined)?.safeParse !== 'function') problems.push(`Form node '${n.name}' needs a zod schema`);
    } else if (node instanceof SendMessage) {
      checkMemberRef(n, 'The target', node.to);
      if (!isValidMessageName(node.message)) problems.push(`SendMessage node '${n.name}': "${node.message}" is not a valid message name`);
    }
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
  if (!def.nodes.some((n) => n.node instanceof End || n.node instanceof Repeat)) {
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
      if (n.node instanceof Join) {
        joins.add(name);
        continue;
      }
      if (n.node instanceof Split) {
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

  for (const n of def.nodes) if (n.node instanceof Split) joinsOfSplit(n.name);
  return [...new Set(problems)];
}
