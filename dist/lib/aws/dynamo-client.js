import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
/**
 * Attempts per request (the first try included) unless AWS_MAX_ATTEMPTS or the caller says
 * otherwise. The SDK's standard retry mode retries throttling (ThrottlingException,
 * ProvisionedThroughputExceededException, RequestLimitExceeded), 5xx and network errors with
 * exponential backoff and full jitter; a ConditionalCheckFailedException is a 400 and is
 * never retried: for the store it is a lost race, not an error.
 */
export const DEFAULT_MAX_ATTEMPTS = 8;
function configuredEndpoint(config) {
    if (typeof config.endpoint === 'string')
        return config.endpoint;
    if (config.endpoint !== undefined)
        return undefined; // a provider or object: not ours to inspect
    return process.env.AWS_ENDPOINT_URL_DYNAMODB ?? process.env.AWS_ENDPOINT_URL;
}
/** True for an endpoint on this machine (DynamoDB Local), where credentials and region do not matter. */
export function isLocalEndpoint(endpoint) {
    if (!endpoint)
        return false;
    try {
        const host = new URL(endpoint).hostname;
        return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
    }
    catch {
        return false;
    }
}
/**
 * A DynamoDB client with the retry policy above. The endpoint comes, in order, from
 * `config.endpoint`, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL (the SDK reads both
 * natively: this factory never sets an endpoint of its own), else the regional endpoint.
 * Against a local endpoint it fills in a region and placeholder credentials when none are
 * configured, so `npm start` works on a machine without an AWS profile.
 */
export function createDynamoDBClient(config = {}) {
    const resolved = { ...config };
    if (resolved.endpoint === undefined)
        delete resolved.endpoint;
    if (resolved.maxAttempts === undefined && !process.env.AWS_MAX_ATTEMPTS)
        resolved.maxAttempts = DEFAULT_MAX_ATTEMPTS;
    if (resolved.retryMode === undefined && !process.env.AWS_RETRY_MODE)
        resolved.retryMode = 'standard';
    if (isLocalEndpoint(configuredEndpoint(config))) {
        if (resolved.region === undefined && !process.env.AWS_REGION && !process.env.AWS_DEFAULT_REGION)
            resolved.region = 'us-east-1';
        if (resolved.credentials === undefined && !process.env.AWS_ACCESS_KEY_ID) {
            resolved.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
        }
    }
    const client = new DynamoDBClient(resolved);
    if (isLocalEndpoint(configuredEndpoint(config)))
        client.middlewareStack.add(retryEmulatorGlitches, { step: 'initialize', name: 'retryEmulatorGlitches' });
    return client;
}
/**
 * DynamoDB Local now and then fails a valid expression under concurrent load with a
 * ValidationException "Index N out of bounds for length 0" (a race in its parser, never seen
 * from DynamoDB itself). Against a local endpoint only, such a request is sent again.
 */
export const EMULATOR_GLITCH = /Invalid (KeyConditionExpression|ConditionExpression|FilterExpression|UpdateExpression|ProjectionExpression).*Index -?\d+ out of bounds for length \d+/;
export function retryEmulatorGlitches(next) {
    return async (args) => {
        for (let attempt = 1;; attempt++) {
            try {
                return await next(args);
            }
            catch (error) {
                if (attempt >= 4 || !(error instanceof Error) || error.name !== 'ValidationException' || !EMULATOR_GLITCH.test(error.message))
                    throw error;
                await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
            }
        }
    };
}
/** The document client the store uses: plain JS values in and out, undefined members dropped. */
export function createDocumentClient(client = {}) {
    const base = client instanceof DynamoDBClient ? client : createDynamoDBClient(client);
    return DynamoDBDocumentClient.from(base, {
        marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
        unmarshallOptions: { wrapNumbers: false },
    });
}
