import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDynamoDBClient } from '../../lib/aws/dynamo-client.js';
import { DynamoStore, type DynamoStoreOptions } from '../../lib/aws/dynamo-store.js';
import { createTable } from '../../lib/aws/table-schema.js';

/** The endpoint of the DynamoDB Local started by test/support/dynamodb-global-setup.ts. */
export function dynamodbEndpoint(): string {
  const endpoint = inject('dynamodbEndpoint') ?? process.env.AUTOMATIONS_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('No DynamoDB Local endpoint: run this test in the "dynamodb" vitest project');
  return endpoint;
}

let client: ReturnType<typeof createDynamoDBClient> | undefined;

/** One client per test worker, on loopback with placeholder credentials. */
export function localDynamoDBClient(): ReturnType<typeof createDynamoDBClient> {
  client ??= createDynamoDBClient({
    endpoint: dynamodbEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return client;
}

/** A fresh table with a unique name on the local server. */
export async function createTestTable(): Promise<string> {
  const tableName = `automations-test-${randomUUID()}`;
  await createTable(localDynamoDBClient(), tableName);
  return tableName;
}

/** A DynamoStore on a fresh table. */
export async function createDynamoTestStore(options: Omit<DynamoStoreOptions, 'tableName' | 'client'> = {}): Promise<DynamoStore> {
  return new DynamoStore({ tableName: await createTestTable(), client: localDynamoDBClient(), ...options });
}
