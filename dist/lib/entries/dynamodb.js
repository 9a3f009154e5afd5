/** `serverless-automations/dynamodb`: the engine's store and inbox on DynamoDB, the table's schema and a client with the engine's retry settings. */
export { DynamoStore, DEFAULT_RETENTION_DAYS, DYNAMODB_ITEM_LIMIT_BYTES } from '../aws/dynamo-store.js';
export { DynamoInbox } from '../aws/dynamo-inbox.js';
export { createTable, tableDefinition, INDEXES, TABLE_KEYS } from '../aws/table-schema.js';
export { createDynamoDBClient, createDocumentClient } from '../aws/dynamo-client.js';
