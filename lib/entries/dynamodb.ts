/** `serverless-automations/dynamodb`: the engine's store and inbox on DynamoDB, the table's schema and a client with the engine's retry settings. */
export { DynamoStore, DEFAULT_RETENTION_DAYS, DYNAMODB_ITEM_LIMIT_BYTES, type DynamoStoreOptions, type CapacityUse } from '../aws/dynamo-store.js';
export { DynamoInbox, type DynamoInboxOptions } from '../aws/dynamo-inbox.js';
export { createTable, tableDefinition, INDEXES, TABLE_KEYS, type IndexDefinition } from '../aws/table-schema.js';
export { createDynamoDBClient, createDocumentClient, type DynamoClientOptions } from '../aws/dynamo-client.js';
