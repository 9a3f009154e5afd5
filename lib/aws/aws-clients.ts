import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isLocalEndpoint } from './dynamo-client.js';

interface ClientConfig {
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

/**
 * Configuration shared by the SDK clients other than DynamoDB's. The SDK
 * itself reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (e.g. for LocalStack and
 * `npm run deploy:local`); this only fills in a region and placeholder credentials when the
 * endpoint is on this machine and none are configured, as the DynamoDB client does.
 */
export function clientConfig(serviceEnvSuffix: string, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const endpoint = env[`AWS_ENDPOINT_URL_${serviceEnvSuffix}`] ?? env.AWS_ENDPOINT_URL;
  const config: ClientConfig = {};
  if (isLocalEndpoint(endpoint)) {
    if (!env.AWS_REGION && !env.AWS_DEFAULT_REGION) config.region = 'us-east-1';
    if (!env.AWS_ACCESS_KEY_ID) config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return config;
}

// Every cold start reads the secret. The clients only some paths use are made beside their one use (background.ts,
// sqs-timer-queue.ts, lambda-worker.ts), modules the runtime loads when first needed (lazy.ts).
export const createSecretsManagerClient = () => new SecretsManagerClient(clientConfig('SECRETS_MANAGER'));
