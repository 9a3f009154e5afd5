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
