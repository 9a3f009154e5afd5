import { MemoryStore } from '../../lib/engine/memory-store.js';
import type { Store } from '../../lib/engine/store.js';

export type Backend = 'memory' | 'dynamodb';

export const backend: Backend = process.env.AUTOMATIONS_TEST_STORE === 'dynamodb' ? 'dynamodb' : 'memory';

/**
 * A fresh, empty store of the backend this test project runs on: a MemoryStore, or (in the
 * `dynamodb` project) a DynamoStore on a new table of the DynamoDB Local that the project's
 * global setup started. The AWS SDK is loaded only in the second case.
 */
export async function createTestStore(): Promise<Store> {
  if (backend === 'memory') return new MemoryStore();
  const { createDynamoTestStore } = await import('./dynamodb.js');
  return createDynamoTestStore();
}
