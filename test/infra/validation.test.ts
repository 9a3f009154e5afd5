import { describe, expect, it } from 'vitest';
import { synthesize } from '../../lib/infra/synth.js';
import { testAutomations } from '../e2e/flows.js';

/**
 * The one synthesis with CloudFormation template validation on (the other tests skip it with
 * CDK_VALIDATION=false: ~5 s), with validation findings as errors: circular dependencies,
 * bad property values or types fail here before a deploy would.
 */
describe('template validation', () => {
  it('synthesises without CloudFormation validation errors', () => {
    delete process.env.CDK_VALIDATION;
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
    try {
      expect(() => synthesize({ automations: testAutomations, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } })).not.toThrow();
    } finally {
      console.error = original;
      process.env.CDK_VALIDATION = 'false';
    }
    expect(errors.filter((e) => /ERROR|Circular/.test(e))).toEqual([]);
  });
});
