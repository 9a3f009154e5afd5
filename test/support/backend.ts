import { MemoryStore } from '../../lib/engine/memory-store.js';
import type { Store } from '../../lib/engine/store.js';

export type Backend = 'memory' | 'dynamodb';

export const backend: Backend = process.env.AUTOMATIONS_TEST_STORE === 'dynamodb' ? 'dynamodb' : 'memory';

/** A fresh, empty store of the backend this test project runs on. */
export async function createTestStore(): Promise<Store> {
  if (backend === 'memory') return new MemoryStore();
  throw new Error('The DynamoDB test backend is not wired yet');
}
