import { MemoryInbox } from '../../lib/app/inbox.js';
import { inboxContract } from '../contract/inbox-contract.js';

inboxContract('MemoryInbox', async () => new MemoryInbox());
