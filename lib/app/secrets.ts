import { createHmac } from 'node:crypto';

/**
 * One generated master secret (Secrets Manager, created at deploy) and the three keys derived
 * from it with HMAC-SHA256, so that none of them can be computed from another:
 * - `engineSecret` signs instance keys (`engine.getKey`); it never leaves the functions;
 * - `webhookSecret` is shared with the systems that send webhooks (they sign with it);
 * - `apiToken` is the bearer token of the HTTP API and the CLI.
 * `automations credentials` prints the last two for a deployed stack.
 */
export interface AutomationSecrets {
  engineSecret: string;
  webhookSecret: string;
  apiToken: string;
}

export function deriveSecrets(master: string): AutomationSecrets {
  if (master.length < 16) throw new Error('The master secret must be at least 16 characters');
  const derive = (purpose: string) => createHmac('sha256', master).update(`serverless-automations:${purpose}`).digest('base64url');
  return { engineSecret: derive('engine-key'), webhookSecret: derive('webhook'), apiToken: derive('api-token') };
}
