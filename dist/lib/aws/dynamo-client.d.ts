import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
/**
 * Attempts per request (the first try included) unless AWS_MAX_ATTEMPTS or the caller says
 * otherwise. The SDK's standard retry mode retries throttling (ThrottlingException,
 * ProvisionedThroughputExceededException, RequestLimitExceeded), 5xx and network errors with
 * exponential backoff and full jitter; a ConditionalCheckFailedException is a 400 and is
 * never retried: for the store it is a lost race, not an error.
 */
export declare const DEFAULT_MAX_ATTEMPTS = 8;
export type DynamoClientOptions = DynamoDBClientConfig;
/** True for an endpoint on this machine (DynamoDB Local), where credentials and region do not matter. */
export declare function isLocalEndpoint(endpoint: string | undefined): boolean;
/**
 * A DynamoDB client with the retry policy above. The endpoint comes, in order, from
 * `config.endpoint`, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL (the SDK reads both
 * natively: this factory never sets an endpoint of its own), else the regional endpoint.
 * Against a local endpoint it fills in a region and placeholder credentials when none are
 * configured, so `npm start` works on a machine without an AWS profile.
 */
export declare function createDynamoDBClient(config?: DynamoClientOptions): DynamoDBClient;
/**
 * DynamoDB Local now and then fails a valid expression under concurrent load with a
 * ValidationException "Index N out of bounds for length 0" (a race in its parser, never seen
 * from DynamoDB itself). Against a local endpoint only, such a request is sent again.
 */
export declare const EMULATOR_GLITCH: RegExp;
export declare function retryEmulatorGlitches<I extends object, O extends object>(next: (args: I) => Promise<O>): (args: I) => Promise<O>;
/** The document client the store uses: plain JS values in and out, undefined members dropped. */
export declare function createDocumentClient(client?: DynamoDBClient | DynamoClientOptions): DynamoDBDocumentClient;
