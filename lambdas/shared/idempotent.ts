import { randomUUID } from 'node:crypto';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import type { Runtime } from './runtime.js';

const configs = new WeakMap<Runtime, IdempotencyConfig>();

/** One configuration per runtime: a Powertools persistence layer keeps the first one it sees. */
function configFor(runtime: Runtime): IdempotencyConfig {
  let config = configs.get(runtime);
  if (!config) {
    config = new IdempotencyConfig({
      eventKeyJmesPath: 'idempotencyKey',
      payloadValidationJmesPath: 'payload',
      expiresAfterSeconds: runtime.settings.idempotencySeconds,
      throwOnNoIdempotencyKey: true,
    });
    configs.set(runtime, config);
  }
  return config;
}

/**
 * Runs `fn` once per (prefix, key) with Powertools idempotency: a repeat gets the first
 * result back and `duplicate: true`; a repeat with a different payload is refused
 * (IdempotencyValidationError → 409); one arriving while the first is still running is
 * refused too (IdempotencyAlreadyInProgressError → 409). If `fn` throws, the record is
 * removed so that the sender's (or Lambda's) retry can succeed.
 */
export async function idempotently<T>(
  runtime: Runtime,
  prefix: string,
  key: string,
  payload: unknown,
  fn: () => Promise<T>,
  context?: Context,
): Promise<{ result: T; duplicate: boolean }> {
  const config = configFor(runtime);
  if (context?.getRemainingTimeInMillis) config.registerLambdaContext(context);
  const nonce = randomUUID();
  const once = makeIdempotent(async (_input: { idempotencyKey: string; payload: unknown }) => ({ nonce, result: await fn() }), {
    persistenceStore: runtime.idempotency,
    config,
    keyPrefix: prefix,
  });
  const out = (await once({ idempotencyKey: key, payload: payload ?? null })) as { nonce: string; result: T };
  return { result: out.result, duplicate: out.nonce !== nonce };
}
