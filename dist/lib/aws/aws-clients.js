import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { isLocalEndpoint } from './dynamo-client.js';
/**
 * Configuration shared by the Step Functions, Lambda and Secrets Manager clients. The SDK
 * itself reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (e.g. for LocalStack and
 * `npm run deploy:local`); this only fills in a region and placeholder credentials when the
 * endpoint is on this machine and none are configured, as the DynamoDB client does.
 */
export function clientConfig(serviceEnvSuffix, env = process.env) {
    const endpoint = env[`AWS_ENDPOINT_URL_${serviceEnvSuffix}`] ?? env.AWS_ENDPOINT_URL;
    const config = {};
    if (isLocalEndpoint(endpoint)) {
        if (!env.AWS_REGION && !env.AWS_DEFAULT_REGION)
            config.region = 'us-east-1';
        if (!env.AWS_ACCESS_KEY_ID)
            config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    }
    return config;
}
export const createSfnClient = () => new SFNClient(clientConfig('SFN'));
export const createLambdaClient = () => new LambdaClient(clientConfig('LAMBDA'));
export const createSecretsManagerClient = () => new SecretsManagerClient(clientConfig('SECRETS_MANAGER'));
