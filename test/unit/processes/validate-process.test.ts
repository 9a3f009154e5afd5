import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ActionRegistry, createBuiltInActions, defineAction } from '../../../lib/engine/actions/index.js';
import { findCycles, validateProcessDocument, type ProcessProblem } from '../../../lib/engine/processes/validate-process.js';

const registry = new ActionRegistry(
  ...createBuiltInActions({ http: { allowedHosts: ['etl.example.com'] } }),
  ...['sales.clean', 'sales.enrich', 'sales.load'].map((name) => defineAction({ name, params: z.strictObject({ day: z.string().optional() }), async run() {} })),
);

/** The example. */
function example(): Record<string, unknown> & { tasks: Record<string, unknown>[]; schedule: Record<string, unknown> } {
  return {
    name: 'nightly-sales', description: "Load yesterday's sales", active: true,
    schedule: { cron: '30 2 * * 1-5', timeZone: 'Europe/Berlin', overlap: false, runAfterError: false, catchUp: 'latest' },
    tasks: [
      { name: 'extract', action: 'http', params: { method: 'POST', url: 'https://etl.example.com/extract' }, timeout: '10m' },
      { name: 'clean', action: 'sales.clean', after: ['extract'], retry: { attempts: 3, backoff: '30s' } },
      { name: 'enrich', action: 'sales.enrich', after: ['extract'] },
      { name: 'load', action: 'sales.load', after: ['clean', 'enrich'] },
    ],
  };
}

function problemsOf(doc: unknown): ProcessProblem[] {
  const result = validateProcessDocument(doc, registry);
  if (result.ok) throw new Error('the document was accepted');
  return result.problems;
}

function withTask(i: number, patch: Record<string, unknown>) {
  const doc = example();
  doc.tasks[i] = { ...doc.tasks[i], ...patch };
  return doc;
}

describe('validateProcessDocument', () => {
  it('accepts the example and returns it as written (a copy)', () => {
    const input = example();
    const result = validateProcessDocument(input, registry);
    expect(result).toEqual({ ok: true, document: input });
    expect(result.ok && result.document).not.toBe(input);
    expect(validateProcessDocument({ name: 'on-demand', tasks: [] }, registry).ok).toBe(true);
  });

  it('refuses what is not an object', () => {
    expect(problemsOf([])).toEqual([{ path: '', message: 'a process definition is a JSON object, got a list' }]);
    expect(problemsOf(null)[0]!.message).toMatch(/got null/);
  });

  it('refuses unknown fields, at any level', () => {
    const doc = { ...withTask(1, { code: 'import os' }), color: 'red', schedule: { ...example().schedule, jitter: 5 } };
    expect(problemsOf(doc)).toEqual([
      { path: 'schedule.jitter', message: 'unknown field' },
      { path: 'tasks[1].code', message: 'unknown field' },
      { path: 'color', message: 'unknown field' },
    ]);
  });

  it('checks process and task names', () => {
    for (const name of ['Nightly', 'has space', '-lead', '', 'x'.repeat(64), 'a/b']) {
      expect(problemsOf({ ...example(), name })).toEqual([{ path: 'name', message: expect.stringMatching(/the process name must be 1–63 lower-case/) }]);
    }
    expect(validateProcessDocument({ ...example(), name: `0.a_b-${'x'.repeat(57)}` }, registry).ok).toBe(true);
    expect(problemsOf(withTask(2, { name: 'Enrich' }))).toContainEqual({ path: 'tasks[2].name', message: expect.stringMatching(/a task name must be/) });
  });

  it('refuses duplicate task names', () => {
    const doc = example();
    doc.tasks.push({ name: 'clean', action: 'sales.load', after: ['load'] });
    expect(problemsOf(doc)).toEqual([
      { path: 'tasks[4].name', message: '"clean" is the name of tasks[1] too: task names are unique within a process' },
    ]);
  });

  it('refuses unknown parents', () => {
    expect(problemsOf(withTask(3, { after: ['clean', 'enrichment'] }))).toEqual([
      { path: 'tasks[3].after[1]', message: 'no task named "enrichment" in this process (dependencies stay within one process)' },
    ]);
  });

  it('refuses a task waiting for itself, and a parent listed twice', () => {
    expect(problemsOf(withTask(3, { after: ['load', 'clean', 'clean'] }))).toEqual([
      { path: 'tasks[3].after[0]', message: 'a task cannot wait for itself ("load")' },
      { path: 'tasks[3].after[2]', message: '"clean" is listed twice' },
    ]);
  });

  it('refuses cycles, naming each', () => {
    const doc = example();
    doc.tasks[0] = { ...doc.tasks[0], after: ['load'] };
    doc.tasks.push({ name: 'x', action: 'sales.load', after: ['y'] }, { name: 'y', action: 'sales.load', after: ['x'] });
    expect(problemsOf(doc)).toEqual([
      { path: 'tasks[0].after', message: 'the tasks wait for each other in a cycle: extract → clean → load → extract (→: runs before)' },
      { path: 'tasks[4].after', message: 'the tasks wait for each other in a cycle: x → y → x (→: runs before)' },
    ]);
  });

  it('refuses unknown actions and anything that looks like code', () => {
    expect(problemsOf(withTask(1, { action: 'sales.scrub' }))).toEqual([
      { path: 'tasks[1].action', message: 'no action named "sales.scrub" is registered (registered: http, sales.clean, sales.enrich, sales.load, sendMessage, startAutomation)' },
    ]);
    expect(problemsOf(withTask(1, { action: './tasks/clean.js' }))[0]).toMatchObject({ path: 'tasks[1].action', message: expect.stringMatching(/is not an action name: actions are registered in code/) });
    expect(problemsOf(withTask(1, { action: 'require("fs")' }))[0]!.message).toMatch(/not an action name/);
    const withFunction = withTask(1, { params: { day: () => 'today' } });
    expect(problemsOf(withFunction)).toContainEqual({ path: 'tasks[1].params.day', message: 'is a function, which JSON cannot hold: a definition is data, never code' });
  });

  it('checks params against the action schema, with paths into the params', () => {
    expect(problemsOf(withTask(0, { params: { method: 'POST', url: 'https://elsewhere.test/x', headers: { 'X-A': 1 } } }))).toEqual([
      { path: 'tasks[0].params.url', message: expect.stringContaining('the host elsewhere.test is not on the allowlist') },
      { path: 'tasks[0].params.headers.X-A', message: expect.any(String) },
    ]);
    expect(problemsOf(withTask(1, { params: { day: 5, extra: true } }))).toEqual([
      { path: 'tasks[1].params.day', message: expect.any(String) },
      { path: 'tasks[1].params.extra', message: 'unknown field' },
    ]);
    expect(problemsOf(withTask(0, { params: undefined }))).toEqual([
      { path: 'tasks[0].params.method', message: expect.any(String) },
      { path: 'tasks[0].params.url', message: expect.any(String) },
    ]);
    expect(problemsOf(withTask(1, { params: 'day=today' }))).toEqual([{ path: 'tasks[1].params', message: 'params must be an object' }]);
  });

  it('checks durations', () => {
    expect(problemsOf(withTask(0, { timeout: '10 minutes' }))).toEqual([{ path: 'tasks[0].timeout', message: expect.stringMatching(/is not a duration/) }]);
    expect(problemsOf(withTask(0, { timeout: '1h' }))).toEqual([{ path: 'tasks[0].timeout', message: 'the timeout may be at most 15m' }]);
    expect(problemsOf(withTask(0, { timeout: 0 }))).toEqual([{ path: 'tasks[0].timeout', message: 'the timeout must be longer than 0' }]);
    expect(problemsOf(withTask(1, { retry: { attempts: 3, backoff: '2d' } }))).toEqual([{ path: 'tasks[1].retry.backoff', message: 'the backoff may be at most 1d' }]);
    expect(validateProcessDocument(withTask(0, { timeout: 60_000 }), registry).ok).toBe(true);
  });

  it('checks the retry policy', () => {
    expect(problemsOf(withTask(1, { retry: { attempts: 0 } }))).toEqual([{ path: 'tasks[1].retry.attempts', message: 'attempts counts the first run too: at least 1' }]);
    expect(problemsOf(withTask(1, { retry: { attempts: 11 } }))).toEqual([{ path: 'tasks[1].retry.attempts', message: 'attempts may be at most 10' }]);
    expect(problemsOf(withTask(1, { retry: { attempts: 2.5 } }))).toEqual([{ path: 'tasks[1].retry.attempts', message: 'attempts must be a whole number' }]);
    expect(problemsOf(withTask(1, { retry: { backoff: '1m' } }))).toEqual([{ path: 'tasks[1].retry.attempts', message: 'attempts must be a number' }]);
  });

  it('checks the schedule, naming each field and item', () => {
    const doc = { ...example(), schedule: { cron: '60 24 * * 9-3', catchUp: 'everything' } };
    expect(problemsOf(doc)).toEqual([
      { path: 'schedule.catchUp', message: 'catchUp is one of none, latest, all' },
      { path: 'schedule.cron', message: 'minute: "60" is out of range (0–59)' },
      { path: 'schedule.cron', message: 'hour: "24" is out of range (0–23)' },
      { path: 'schedule.cron', message: 'day of week: "9" is out of range (0–7)' },
    ]);
    expect(problemsOf({ ...example(), schedule: { cron: '' } })).toEqual([{ path: 'schedule.cron', message: expect.stringMatching(/empty/) }]);
  });

  it('checks the time zone', () => {
    expect(problemsOf({ ...example(), schedule: { cron: '0 3 * * *', timeZone: 'Europe/Berln' } })).toEqual([
      { path: 'schedule.timeZone', message: '"Europe/Berln" is not an IANA time zone (such as "Europe/Berlin" or "UTC")' },
    ]);
  });

  it('checks the onError action and its params', () => {
    expect(validateProcessDocument({ ...example(), onError: { action: 'http', params: { method: 'POST', url: 'https://etl.example.com/alert' } } }, registry).ok).toBe(true);
    expect(problemsOf({ ...example(), onError: { action: 'pager' } })).toEqual([{ path: 'onError.action', message: expect.stringMatching(/no action named "pager"/) }]);
    expect(problemsOf({ ...example(), onError: { action: 'http', params: { method: 'POST' } } })).toEqual([{ path: 'onError.params.url', message: expect.any(String) }]);
  });

  it('bounds the number of tasks and the size of the document', () => {
    const many = { name: 'wide', tasks: Array.from({ length: 1001 }, (_, i) => ({ name: `t${i}`, action: 'sales.load' })) };
    expect(problemsOf(many)).toEqual([{ path: 'tasks', message: 'a process has at most 1000 tasks' }]);
    expect(validateProcessDocument(many, registry, { maxTasks: 2000 }).ok).toBe(true);
    const long = { ...example(), description: 'x'.repeat(2001), tasks: [{ name: 'a', action: 'sales.load', description: 'y'.repeat(1001) }] };
    expect(problemsOf(long)).toEqual([
      { path: 'description', message: expect.any(String) },
      { path: 'tasks[0].description', message: expect.any(String) },
    ]);
    expect(validateProcessDocument(example(), registry, { maxDocumentBytes: 100 })).toEqual({
      ok: false, problems: [{ path: '', message: expect.stringMatching(/^the definition is \d+ bytes, over the limit of 100 bytes$/) }],
    });
  });

  it('lists every problem of a document at once', () => {
    const doc = {
      name: 'Nightly Sales', colour: 'blue',
      schedule: { cron: '61 2 0 * *', timeZone: 'Mars/Olympus' },
      tasks: [
        { name: 'extract', action: 'http', params: { method: 'GET', url: 'https://evil.test/' }, timeout: '1h', after: ['load'] },
        { name: 'clean', action: 'sales.scrub', after: ['extract', 'ghost'], retry: { attempts: 0 } },
        { name: 'clean', action: 'sales.load', after: ['clean'] },
        { name: 'load', action: 'sales.load', after: ['extract'], timeout: 'soon' },
      ],
      onError: { action: 'pager' },
    };
    const problems = problemsOf(doc);
    expect(problems.map((p) => p.path).sort()).toEqual([
      'colour', 'name', 'onError.action', 'schedule.cron', 'schedule.cron', 'schedule.timeZone',
      'tasks[0].params.url', 'tasks[0].timeout', 'tasks[1].action', 'tasks[1].after[1]', 'tasks[1].retry.attempts',
      'tasks[2].after[0]', 'tasks[2].name', 'tasks[3].timeout',
    ].sort());
    // With duplicate names the graph is ambiguous: cycles are checked once names are unique.
    const unique = { ...doc, tasks: doc.tasks.filter((_, i) => i !== 2) };
    expect(problemsOf(unique)).toContainEqual({ path: 'tasks[0].after', message: 'the tasks wait for each other in a cycle: extract → load → extract (→: runs before)' });
  });
});

describe('findCycles', () => {
  it('finds nothing in a DAG and the shortest way round in each cycle', () => {
    expect(findCycles([{ name: 'a' }, { name: 'b', after: ['a'] }, { name: 'c', after: ['a', 'b'] }])).toEqual([]);
    expect(findCycles([{ name: 'a', after: ['c'] }, { name: 'b', after: ['a'] }, { name: 'c', after: ['b', 'a'] }])).toEqual([['a', 'c', 'a']]);
  });
});
