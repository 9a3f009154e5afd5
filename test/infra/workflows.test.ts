import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize, type CfnTemplate } from '../../lib/infra/synth.js';
import { testAutomations } from '../e2e/flows.js';

let cfn: CfnTemplate;
beforeAll(() => {
  ({ template: cfn } = synthesize({ automations: testAutomations }));
});

type Resource = CfnTemplate['Resources'][string];
const ofType = (type: string) => Object.entries(cfn.Resources).filter(([, r]) => r.Type === type) as [string, Resource][];
const functionId = (role: string) => ofType('AWS::Lambda::Function').find(([, r]) => (r.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.AUTOMATIONS_FUNCTION === role)![0];
const roleOf = (fnId: string) => ((cfn.Resources[fnId]!.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0])!;
function statements(role: string): { Action: string | string[]; Resource: unknown }[] {
  const roleId = roleOf(functionId(role));
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}
const withAction = (role: string, action: string) => statements(role).filter((s) => [s.Action].flat().includes(action));

describe('approval workflows in the stack', () => {
  it('lets every function that runs instances put events on the default bus, send e-mail through SES and read the Cognito directory', () => {
    for (const role of ['api', 'tick', 'advance', 'worker', 'events']) {
      expect(JSON.stringify(withAction(role, 'events:PutEvents').map((s) => s.Resource))).toMatch(/event-bus\/default/);
      expect(JSON.stringify(withAction(role, 'ses:SendEmail').map((s) => s.Resource))).toMatch(/:identity\/\*/);
      const cognito = statements(role).filter((s) => [s.Action].flat().some((a) => a.startsWith('cognito-idp:')));
      expect(new Set(cognito.flatMap((s) => [s.Action].flat()))).toEqual(new Set(['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsersInGroup']));
      expect(JSON.stringify(cognito.map((s) => s.Resource))).toMatch(/UsersPool/);
      const env = (cfn.Resources[functionId(role)]!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.ATM_USER_POOL_ID).toBeDefined();
    }
  });

  it('gives the webhook function none of it (it runs no instance)', () => {
    expect(withAction('webhook', 'events:PutEvents')).toEqual([]);
    expect(withAction('webhook', 'ses:SendEmail')).toEqual([]);
  });

  it('routes ObjectChanged events of the configured source to the events function, wrapped as { objectChanged }', () => {
    const rule = ofType('AWS::Events::Rule').find(([, r]) => JSON.stringify(r.Properties!.EventPattern ?? {}).includes('ObjectChanged'))!;
    expect(rule).toBeDefined();
    expect(rule[1].Properties!.EventPattern).toEqual({ source: ['serverless-automations.objects'], 'detail-type': ['ObjectChanged'] });
    const [target] = rule[1].Properties!.Targets as { Arn: unknown; InputTransformer?: { InputTemplate: string } }[];
    expect(JSON.stringify(target!.Arn)).toContain(functionId('events'));
    expect(target!.InputTransformer?.InputTemplate).toContain('"objectChanged"');
    const custom = synthesize({ automations: testAutomations, objectEventSource: 'erp.objects' }).template;
    const patterns = Object.values(custom.Resources).filter((r) => r.Type === 'AWS::Events::Rule').map((r) => JSON.stringify(r.Properties!.EventPattern ?? {}));
    expect(patterns).toContain(JSON.stringify({ source: ['erp.objects'], 'detail-type': ['ObjectChanged'] }));
  });
});
