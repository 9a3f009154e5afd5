import { type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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
/** The JSON key under which the stack generates the master secret. */
export declare const MASTER_SECRET_KEY = "master";
export declare function deriveSecrets(master: string): AutomationSecrets;
/** Reads the master secret: a JSON object `{"master": "…"}` or the plain string. */
export declare function fetchMasterSecret(secretId: string, client?: SecretsManagerClient): Promise<string>;
/**
 * The secrets of this process: from AUTOMATIONS_SECRET (local stack, tests) or the Secrets
 * Manager secret named by AUTOMATIONS_SECRET_ARN (deployed functions; fetched once per cold start
 * by the runtime that caches the result).
 */
export declare function loadSecrets(env?: NodeJS.ProcessEnv, client?: SecretsManagerClient): Promise<AutomationSecrets>;
