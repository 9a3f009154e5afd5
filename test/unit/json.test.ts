import { describe, expect, it } from 'vitest';
import { DataValidationError } from '../../lib/engine/errors.js';
import { jsonProblems, MAX_JSON_DEPTH, nestingDepth, toJsonObject, toJsonResult } from '../../lib/engine/json.js';

const nest = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('JSON nesting', () => {
  it('measures the nesting of JSON text in one pass, skipping brackets inside strings', () => {
    expect(nestingDepth('1')).toBe(0);
    expect(nestingDepth('{}')).toBe(1);
    expect(nestingDepth('{"a": [1, {"b": []}]}')).toBe(4);
    expect(nestingDepth('["[[[", "\\"[[", {"}}}": "]]"}]')).toBe(2);
    expect(nestingDepth('['.repeat(50_000) + ']'.repeat(50_000))).toBe(50_000);
    expect(nestingDepth('['.repeat(50_000), 64)).toBe(65); // stops counting past the bound
  });

  it('reports data nested past the limit as a problem instead of overflowing the stack', () => {
    expect(jsonProblems(nest(MAX_JSON_DEPTH - 1))).toEqual([]);
    expect(jsonProblems({ deep: nest(MAX_JSON_DEPTH - 1) })).toEqual([]);
    const problems = jsonProblems({ deep: nest(MAX_JSON_DEPTH) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    expect(jsonProblems(nest(100_000))[0]).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('refuses deep data with a DataValidationError (400) and turns a deep result into a description', () => {
    expect(() => toJsonObject({ deep: nest(5_000) }, 'The data')).toThrow(DataValidationError);
    expect(() => toJsonObject({ deep: nest(5_000) }, 'The data')).toThrow(/deeper than 64 levels/);
    expect(toJsonResult(nest(5_000))).toEqual({ unserialisable: 'an instance of Object' });
  });
});

describe('the quick check before the walk that names problems', () => {
  it('lets plain JSON through as a detached copy, undefined members and null prototypes included', () => {
    const data = { a: [1, 'x', null, true, { b: undefined, c: Object.assign(Object.create(null) as object, { d: 2 }) }] };
    const copy = toJsonObject(data, 'The data');
    expect(copy).toEqual({ a: [1, 'x', null, true, { c: { d: 2 } }] });
    (data.a[4] as { c: { d: number } }).c.d = 3;
    expect(copy).toEqual({ a: [1, 'x', null, true, { c: { d: 2 } }] });
  });

  it('still names every kind of problem it turns back, each with its path', () => {
    const cyclic: Record<string, unknown> = { list: [] };
    (cyclic.list as unknown[]).push(cyclic);
    const cases: [unknown, string][] = [
      [cyclic, '$.list[0] refers back to one of its parents (a cycle)'],
      [{ at: [new Date(0)] }, '$.at[0] is a Date (store it as an ISO string)'],
      [{ n: { m: Number.POSITIVE_INFINITY } }, '$.n.m is Infinity, which JSON cannot hold'],
      [{ list: [1, undefined] }, '$.list[1] is undefined, which JSON cannot hold'],
      [{ big: 10n }, '$.big is bigint, which JSON cannot hold'],
      [{ map: new Map() }, '$.map is an instance of Map, not a plain object'],
    ];
    for (const [value, problem] of cases) {
      expect(() => toJsonObject(value, 'The data')).toThrow(`The data is not JSON-serialisable: ${problem}`);
      expect(toJsonResult(value)).toEqual({ unserialisable: 'an instance of Object' });
    }
  });

  it('passes a sparse array as before (holes are no problem; JSON writes them as null)', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(toJsonObject({ list: [1, , 3] }, 'The data')).toEqual({ list: [1, null, 3] });
  });
});
