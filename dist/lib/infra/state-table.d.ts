import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
/** What the functions do to the table: the store's item operations and index queries, nothing else. */
export declare const TABLE_ACTIONS: readonly ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:Query"];
/**
 * The automations table, built from lib/aws/table-schema.ts (the same constants the store and
 * `createTable()` use, so the deployed table cannot drift from the code): on-demand,
 * point-in-time recovery, TTL on `expiresAt`, encrypted, retained when the stack is deleted.
 */
export declare class StateTable extends Construct {
    readonly table: dynamodb.Table;
    constructor(scope: Construct, id: string, props?: {
        removalPolicy?: RemovalPolicy;
    });
    /** Item operations on the table and queries on its indexes, each index named (no wildcard). */
    grantStore(grantee: iam.IGrantable): void;
}
