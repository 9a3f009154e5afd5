import { MemoryInbox } from '../../lib/aws/inbox.js';
import { inboxContract } from '../contract/inbox-contract.js';

inboxContract('MemoryInbox', async () => new MemoryInbox());
