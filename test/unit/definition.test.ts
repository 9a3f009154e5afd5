import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Automation, defineFlow, Execute, flow, FlowDefinitionError, Ref, refs, type Task } from '../../lib/engine/index.js';

function problemsOf(cls: new () => Automation<object>): readonly string[] {
  try {
    defineFlow(cls);
  } catch (error) {
    expect(error).toBeInstanceOf(FlowDefinitionError);
    return (error as FlowDefinitionError).problems;
  }
  throw new Error('expected the flow to be rejected');
}

describe('flow definition', () => {
  it('keeps declaration order and resolves names, self. strings and refs', () => {
    const self = refs<Ordered>();
    class Ordered extends Automation {
      start = flow.Execute(() => 1).Next('third');
      second = flow.Execute(() => 2).Next('self.end');
      third = flow.Execute(() => 3).Next(self.second);
      end = flow.End();
    }
    const def = defineFlow(Ordered);
    expect(def.nodes.map((n) => n.name)).toEqual(['start', 'second', 'third', 'end']);
    expect(def.nodes.map((n) => n.next)).toEqual(['third', 'end', 'second', null]);
    expect(def.verboseName).toBe('Automation Ordered');
  });

  it('lists every problem in one error', () => {
    class Broken extends Automation {
      start = flow.Execute(() => 1).Next('nowhere');
      _private = flow.Execute(() => 1);
      // @ts-expect-error -- the compiler already refuses a node that shadows a member; the runtime check covers plain JS
      override data = flow.Execute(() => 1);
      check = flow.If(new Ref('missingMethod'));
      repeat = flow.Repeat().At(25, 0);
    }
    const problems = problemsOf(Broken);
    expect(problems).toEqual(expect.arrayContaining([
      ".Next() of node 'start' refers to unknown node 'nowhere'",
      "node '_private': names starting with '_' are reserved",
      "node 'data' shadows the Automation member 'data': rename it",
      "The condition of node 'check' refers to unknown member 'missingMethod'",
      "If node 'check' needs .Then()",
      "Repeat node 'repeat': .At(25, 0) is not a time of day",
    ]));
    expect(problems).toHaveLength(6);
  });

  it('rejects unreachable nodes, falling off the end and flows without End', () => {
    class Graph extends Automation {
      start = flow.Execute(() => 1).Next('last');
      orphan = flow.Execute(() => 2);
      last = flow.Execute(() => 3);
    }
    expect(problemsOf(Graph)).toEqual([
      "node 'last' continues past the last node: end the flow with flow.End(), loop with flow.Repeat(), or give it .Next()",
      "node 'orphan' can never be reached",
      'the flow has no End node: a flow that does not Repeat must finish with flow.End()',
    ]);
  });

  it('rejects split paths that never reach a Join, and paths that meet at different Joins', () => {
    class Unjoined extends Automation {
      split = flow.Split().Next('a').Next('b');
      a = flow.Execute(() => 1).Next('end');
      b = flow.Execute(() => 2);
      join = flow.Join();
      end = flow.End();
    }
    expect(problemsOf(Unjoined)).toEqual(["a path of Split 'split' (starting at 'a') never reaches a Join"]);

    class TwoJoins extends Automation {
      split = flow.Split().Next('a').Next('b');
      a = flow.Execute(() => 1).Next('join1');
      b = flow.Execute(() => 2).Next('join2');
      join1 = flow.Join().Next('end');
      join2 = flow.Join();
      end = flow.End();
    }
    expect(problemsOf(TwoJoins)).toEqual(["the paths of Split 'split' reach different Joins (join1, join2): they must all meet at one"]);
  });

  it('accepts nested splits whose inner paths join before the outer join', () => {
    class Nested extends Automation {
      outer = flow.Split().Next('inner').Next('c');
      inner = flow.Split().Next('a').Next('b');
      a = flow.Execute(() => 1).Next('innerJoin');
      b = flow.Execute(() => 2).Next('innerJoin');
      innerJoin = flow.Join().Next('outerJoin');
      c = flow.Execute(() => 3).Next('outerJoin');
      outerJoin = flow.Join();
      end = flow.End();
    }
    expect(defineFlow(Nested).nodes).toHaveLength(8);
  });

  it('checks member references of every modifier at definition time', () => {
    class Refs extends Automation {
      start = flow.Execute(new Ref('nope')).SkipIf(new Ref('alsoNope')).AsSoonAs(new Ref('ready'));
      end = flow.End();
      ready() {
        return true;
      }
    }
    expect(problemsOf(Refs)).toEqual([
      ".SkipIf() of node 'start' refers to unknown member 'alsoNope'",
      "Execute node 'start' refers to 'nope', which is not a method",
    ]);
  });

  it('requires an Execute function or subclass method, a zod schema for forms and a valid time zone', () => {
    class Bare extends Execute {}
    class Misc extends Automation {
      static override meta = { timeZone: 'Mars/Olympus', data: { parse: () => ({}) } as unknown as z.ZodType };
      start = new Bare();
      form = flow.Form({} as z.ZodType);
      end = flow.End();
    }
    expect(problemsOf(Misc)).toEqual([
      'meta.timeZone "Mars/Olympus" is not an IANA time zone',
      'meta.data must be a zod schema',
      "Execute node 'start' has no function: pass one (a method reference such as this.init) or subclass Execute with a method",
      "Form node 'form' needs a zod schema",
    ]);
  });

  it('freezes node declarations so no instance can change them', () => {
    class Frozen extends Automation {
      start = flow.Execute((t: Task) => t.node);
      end = flow.End();
    }
    const def = defineFlow(Frozen);
    expect(Object.isFrozen(def.nodes[0]!.node)).toBe(true);
    const original = def.nodes[0]!.node;
    const modified = original.Next('end');
    expect(modified).not.toBe(original);
    expect(original.options.next).toBeUndefined();
  });

  it('reports a node that shadows a method of its own class', () => {
    class Clash extends Automation {
      // @ts-expect-error -- TypeScript refuses the clash too; the check is for plain JS
      work = flow.Execute(this.work);
      end = flow.End();
      // @ts-expect-error -- see above
      work(task: Task) {
        return task.node;
      }
    }
    expect(problemsOf(Clash)).toEqual(["node 'work' has the name of a method of Clash: rename one of them"]);
  });

  it('accepts a Repeat flow without End and reports an empty class', () => {
    class Forever extends Automation {
      work = flow.Execute(() => 1);
      again = flow.Repeat().EveryHour();
    }
    expect(defineFlow(Forever).first).toBe('work');
    class Empty extends Automation {}
    expect(problemsOf(Empty)).toEqual(['declares no nodes: add fields such as `start = flow.Execute(this.init)`']);
  });
});
