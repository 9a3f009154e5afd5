import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { INDEXES, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from '../aws/table-schema.js';
/** What the functions do to the table: the store's item operations and index queries, nothing else. */
export const TABLE_ACTIONS = [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:Query',
];
/**
 * The automations table, built from lib/aws/table-schema.ts (the same constants the store and
 * `createTable()` use, so the deployed table cannot drift from the code): on-demand,
 * point-in-time recovery, TTL on `expiresAt`, encrypted, retained when the stack is deleted.
 */
export class StateTable extends Construct {
    table;
    constructor(scope, id, props = {}) {
        super(scope, id);
        this.table = new dynamodb.Table(this, 'Table', {
            partitionKey: { name: PARTITION_KEY, type: dynamodb.AttributeType.STRING },
            sortKey: { name: SORT_KEY, type: dynamodb.AttributeType.STRING },
            billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
            pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
            timeToLiveAttribute: TTL_ATTRIBUTE,
            encryption: dynamodb.TableEncryption.AWS_MANAGED,
            deletionProtection: props.removalPolicy !== RemovalPolicy.DESTROY,
            removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        });
        for (const index of INDEXES) {
            this.table.addGlobalSecondaryIndex({
                indexName: index.name,
                partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
                sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
                ...(index.include.length > 0
                    ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }
                    : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
            });
        }
    }
    /** Item operations on the table and queries on its indexes, each index named (no wildcard). */
    grantStore(grantee) {
        iam.Grant.addToPrincipal({
            grantee,
            actions: [...TABLE_ACTIONS],
            resourceArns: [this.table.tableArn, ...INDEXES.map((i) => `${this.table.tableArn}/index/${i.name}`)],
        });
    }
}
