import { createHmac } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { createSecretsManagerClient } from './aws-clients.js';
import { ENV } from './env.js';
/** The JSON key under which the stack generates the master secret. */
export const MASTER_SECRET_KEY = 'master';
export function deriveSecrets(master) {
    if (master.length < 16)
        throw new Error('The master secret must be at least 16 characters');
    const derive = (purpose) => createHmac('sha256', master).update(`serverless-automations:${purpose}`).digest('base64url');
    return { engineSecret: derive('engine-key'), webhookSecret: derive('webhook'), apiToken: derive('api-token') };
}
/** Reads the master secret: a JSON object `{"master": "…"}` or the plain string. */
export async function fetchMasterSecret(secretId, client = createSecretsManagerClient()) {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const text = out.SecretString;
    if (!text)
        throw new Error(`Secret ${secretId} has no string value`);
    if (text.trimStart().startsWith('{')) {
        const value = JSON.parse(text)[MASTER_SECRET_KEY];
        if (typeof value !== 'string')
            throw new Error(`Secret ${secretId} has no "${MASTER_SECRET_KEY}" field`);
        return value;
    }
    return text;
}
/**
 * The secrets of this process: from AUTOMATIONS_SECRET (local stack, tests) or the Secrets
 * Manager secret named by AUTOMATIONS_SECRET_ARN (deployed functions; fetched once per cold start
 * by the runtime that caches the result).
 */
export async function loadSecrets(env = process.env, client) {
    const direct = env[ENV.secret];
    if (direct)
        return deriveSecrets(direct);
    const arn = env[ENV.secretArn];
    if (!arn)
        throw new Error(`Neither ${ENV.secret} nor ${ENV.secretArn} is set: the functions cannot sign instance keys or check webhooks`);
    return deriveSecrets(await fetchMasterSecret(arn, client));
}
