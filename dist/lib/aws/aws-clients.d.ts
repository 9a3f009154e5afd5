import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
interface ClientConfig {
    region?: string;
    credentials?: {
        accessKeyId: string;
        secretAccessKey: string;
    };
    maxAttempts?: number;
}
/**
 * Configuration shared by the Step Functions, Lambda and Secrets Manager clients. The SDK
 * itself reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (e.g. for LocalStack and
 * `npm run deploy:local`); this only fills in a region and placeholder credentials when the
 * endpoint is on this machine and none are configured, as the DynamoDB client does.
 */
export declare function clientConfig(serviceEnvSuffix: string, env?: NodeJS.ProcessEnv): ClientConfig;
export declare const createSfnClient: () => SFNClient;
export declare const createLambdaClient: () => LambdaClient;
export declare const createSecretsManagerClient: () => SecretsManagerClient;
export {};
