import { describe, expect, it } from 'vitest';
import { storeContract } from '../contract/store-contract.js';
import { createDynamoTestStore } from '../support/dynamodb.js';

storeContract('DynamoStore on DynamoDB Local', () => createDynamoTestStore());
