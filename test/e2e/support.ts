import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inject } from 'vitest';
import { runCli } from '../../lib/cli/main.js';
import { signWebhook } from '../../lib/app/webhook-signature.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../lib/local/stack.js';
import type { RuntimeSettings } from '../../lib/app/runtime.js';
import { testAutomations } from './flows.js';

/** The local stack on the DynamoDB Local of the project's global setup, a fresh table, a fast tick (local SES with `mail: true`). */
export async function startTestStack(options: { tickIntervalMs?: number; settings?: Partial<RuntimeSettings>; mail?: boolean } & Pick<LocalStackOptions, 'actions' | 'processes' | 'routeModules'> = {}): Promise<LocalStack> {
  const endpoint = inject('dynamodbEndpoint') ?? process.env.AUTOMATIONS_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('No DynamoDB Local: run the e2e project (its global setup starts one)');
  return startLocalStack({
    automations: testAutomations,
    port: 0,
    dataDir: null,
    dynamodbEndpoint: endpoint,
    tableName: `automations-e2e-${randomUUID()}`,
    secret: 'e2e-master-secret-0123456789',
    tickIntervalMs: options.tickIntervalMs ?? 300,
    asyncRetryDelayMs: 50,
    // Local SES (another child process) only for the tests that read mail.
    mail: options.mail === true,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.actions ? { actions: options.actions } : {}),
    ...(options.processes ? { processes: options.processes } : {}),
    ...(options.routeModules ? { routeModules: options.routeModules } : {}),
  });
}

export interface HttpResponse<T = any> {
  status: number;
  body: T;
}

export function client(stack: LocalStack) {
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token: string | null = stack.apiToken): Promise<HttpResponse> => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const webhook = (automation: string, message: string, envelope: unknown, options: { secret?: string; timestamp?: number } = {}) => {
    const body = JSON.stringify(envelope);
    const headers = signWebhook({ secret: options.secret ?? stack.webhookSecret, automation, message, body, ...(options.timestamp ? { timestamp: options.timestamp } : {}) });
    return request('POST', `/webhooks/${automation}/${message}`, body, headers, null);
  };
  return { request, webhook };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The CLI run in process against the stack: what it printed (`lines`, `errText`) and a temporary directory for its files. */
export function cliAgainst(stack: LocalStack, dirPrefix: string) {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const lines: string[] = [];
  const errText: string[] = [];
  const err = new PassThrough();
  err.on('data', (chunk: Buffer) => errText.push(chunk.toString()));
  const io = { out: (t: string) => lines.push(t), err, env: { AUTOMATIONS_URL: stack.url, AUTOMATIONS_TOKEN: stack.apiToken } };
  const cli = (...argv: string[]) => runCli(argv, io, (path) => readFileSync(path, 'utf8'));
  return { dir, lines, errText, cli };
}
