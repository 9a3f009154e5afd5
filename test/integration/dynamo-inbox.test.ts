import { DynamoInbox } from '../../lib/aws/dynamo-inbox.js';
import { inboxContract } from '../contract/inbox-contract.js';
import { createTestTable, localDynamoDBClient } from '../support/dynamodb.js';

inboxContract('DynamoInbox on DynamoDB Local', async () => new DynamoInbox({ tableName: await createTestTable(), client: localDynamoDBClient() }));
