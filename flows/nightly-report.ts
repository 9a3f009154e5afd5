import * as z from 'zod';
import { defineAction, type ActionDefinition } from '../lib/engine/actions/registry.js';
import { defineProcess } from '../lib/engine/processes/define.js';
import type { ProcessDocument } from '../lib/engine/processes/types.js';

/**
 * An example process (django-process): extract → clean and enrich in parallel → load → report,
 * run every minute so that a new user of `npm start` sees a job within a minute. Four tasks run
 * actions registered here, in code (small deterministic functions standing in for real work);
 * `enrich` runs the built-in `http` action against `/_local/echo`, an endpoint only the local
 * stack serves (allowlisted there by lib/local/env-defaults.ts).
 *
 * Actions never see each other's output: a task's params are fixed in the definition, and its
 * output is recorded on the job for people to read. Real steps pass data through your own
 * storage (a table, a bucket), keyed by `ctx.process.job`.
 */

/** Deterministic "sales rows" for a source: what extract returns. */
export function sampleRows(source: string, count: number): { sku: string; amount: number }[] {
  let seed = [...source].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  return Array.from({ length: count }, (_, i) => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return { sku: `${source}-${i + 1}`, amount: seed % 1_000 };
  });
}

export const reportActions: readonly ActionDefinition<unknown>[] = [
  defineAction({
    name: 'report.extract',
    description: 'Reads the day\'s rows from a source (deterministic sample data).',
    params: z.object({ source: z.string().min(1), rows: z.number().int().min(1).max(1_000).default(10) }).strict(),
    async run(params, ctx) {
      const rows = sampleRows(params.source, params.rows);
      ctx.logger.info('extracted', { source: params.source, rows: rows.length, job: ctx.process?.job });
      return { source: params.source, rows: rows.length, total: rows.reduce((n, r) => n + r.amount, 0) };
    },
  }),
  defineAction({
    name: 'report.clean',
    description: 'Drops rows below an amount (counts what it would drop in the sample data).',
    params: z.object({ source: z.string().min(1), dropBelow: z.number().min(0).default(0) }).strict(),
    async run(params) {
      const rows = sampleRows(params.source, 10);
      const kept = rows.filter((r) => r.amount >= params.dropBelow);
      return { kept: kept.length, dropped: rows.length - kept.length };
    },
  }),
  defineAction({
    name: 'report.load',
    description: 'Loads the cleaned rows into a table (here: reports what it would load).',
    params: z.object({ table: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case table name') }).strict(),
    async run(params, ctx) {
      return { table: params.table, loadedAt: new Date(ctx.deadline).toISOString().slice(0, 10) };
    },
  }),
  defineAction({
    name: 'report.summarize',
    description: 'Writes the report line.',
    params: z.object({ title: z.string().min(1).max(200) }).strict(),
    async run(params, ctx) {
      return { title: params.title, job: ctx.process?.job ?? null };
    },
  }),
] as ActionDefinition<unknown>[];

/** The example process; `echoUrl` is the local stack's `/_local/echo`. */
export function nightlyReport(options: { echoUrl: string }): ProcessDocument {
  return defineProcess({
    name: 'nightly-report',
    description: 'Example: extract → clean and enrich in parallel → load → report, every minute',
    active: true,
    schedule: { cron: '* * * * *', timeZone: 'UTC', overlap: false, runAfterError: false, catchUp: 'latest' },
    tasks: [
      { name: 'extract', action: 'report.extract', params: { source: 'sales', rows: 10 }, timeout: '1m' },
      { name: 'clean', action: 'report.clean', params: { source: 'sales', dropBelow: 100 }, after: ['extract'], retry: { attempts: 3, backoff: '5s' } },
      { name: 'enrich', action: 'http', params: { method: 'POST', url: options.echoUrl, body: { step: 'enrich', source: 'sales' }, timeout: '10s' }, after: ['extract'] },
      { name: 'load', action: 'report.load', params: { table: 'daily_sales' }, after: ['clean', 'enrich'] },
      { name: 'report', action: 'report.summarize', params: { title: 'Daily sales' }, after: ['load'] },
    ],
  });
}
