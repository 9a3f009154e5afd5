import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDBClient } from '../lib/aws/dynamo-client.js';
import { startDynamoDBLocal, type DynamoDBLocal } from '../lib/local/dynamodb-local.js';

/**
 * Runs a benchmark against the DynamoDB endpoint the environment names
 * (AUTOMATIONS_DYNAMODB_ENDPOINT, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL), or against a
 * DynamoDB Local started for it and stopped afterwards.
 */
export async function withDynamoDB<T>(bench: (client: DynamoDBClient) => Promise<T>): Promise<T> {
  let server: DynamoDBLocal | undefined;
  let endpoint = process.env.AUTOMATIONS_DYNAMODB_ENDPOINT ?? process.env.AWS_ENDPOINT_URL_DYNAMODB ?? process.env.AWS_ENDPOINT_URL;
  if (!endpoint) {
    server = await startDynamoDBLocal();
    endpoint = server.endpoint;
  }
  try {
    return await bench(createDynamoDBClient({ endpoint }));
  } finally {
    await server?.stop();
  }
}
