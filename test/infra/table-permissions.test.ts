import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TABLE_ACTIONS } from '../../lib/infra/state-table.js';

/** The IAM actions each lib-dynamodb command needs (a transaction needs the actions of its parts). */
const ACTIONS_OF_COMMAND: Record<string, string[]> = {
  Get: ['dynamodb:GetItem'],
  Put: ['dynamodb:PutItem'],
  Update: ['dynamodb:UpdateItem'],
  Delete: ['dynamodb:DeleteItem'],
  Query: ['dynamodb:Query'],
  Scan: ['dynamodb:Scan'],
  BatchGet: ['dynamodb:BatchGetItem'],
  BatchWrite: ['dynamodb:BatchWriteItem'],
  TransactGet: ['dynamodb:GetItem'],
  TransactWrite: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
};

describe('the functions’ table permissions', () => {
  it('cover every DynamoDB call the store makes', () => {
    const source = readFileSync(new URL('../../lib/aws/dynamo-store.ts', import.meta.url), 'utf8');
    const commands = [...new Set([...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]!))];
    expect(commands.length).toBeGreaterThan(5);
    for (const command of commands) {
      const needed = ACTIONS_OF_COMMAND[command];
      expect(needed, `unknown command ${command}Command: add its IAM actions here`).toBeDefined();
      for (const action of needed!) expect(TABLE_ACTIONS, `${command}Command needs ${action}`).toContain(action);
    }
  });
});
