import type { TestProject } from 'vitest/node';
import { startDynamoDBLocal } from '../../lib/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/**
 * Global setup of the `dynamodb` test project: one in-memory DynamoDB Local on a free port
 * for the whole run (each store gets its own table), stopped in teardown. The JVM is
 * wrapped so that it dies with this process even if vitest is killed.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDynamoDBLocal({ jvmOptions: ['-XX:+UseSerialGC', '-Xms256m'] });
  project.provide('dynamodbEndpoint', server.endpoint);
  process.env.AUTOMATIONS_DYNAMODB_ENDPOINT = server.endpoint;
  return async () => {
    await server.stop();
  };
}
