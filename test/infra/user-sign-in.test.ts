import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { IssueDiscussion, ProcessInput } from '../../flows/index.js';
import { API_ROUTE_MODULES } from '../../lambdas/api/modules.js';
import { synthesize, type CfnTemplate } from '../../lib/infra/synth.js';
import { formGroups } from '../../lib/infra/user-sign-in.js';

/** User sign-in in the stack: a Cognito user pool with a hosted UI, or an existing issuer; JWT authorizer on the user routes. */
let cfn: CfnTemplate;
let template: Template;

beforeAll(() => {
  ({ template: cfn } = synthesize({ automations: [ProcessInput, IssueDiscussion] }));
  template = Template.fromJSON(cfn);
});

const of = (t: CfnTemplate, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const userRouteKeys = API_ROUTE_MODULES.flatMap((m) => m.routes).filter((r) => r.auth === 'user').map((r) => `${r.method} ${r.path}`).sort();

describe('user sign-in', () => {
  it('creates a closed user pool, a PKCE app client for the dashboard, the hosted UI, and a group per Form assignment plus admins', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: Match.arrayWith(['openid']),
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    expect(formGroups([ProcessInput, IssueDiscussion])).toEqual(['Moderators', 'approvers']);
    const groups = of(cfn, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties!.GroupName).sort();
    expect(groups).toEqual(['Moderators', 'admins', 'approvers']);
  });

  it('puts a JWT authorizer (issuer: the pool, audience: the client) on exactly the user routes', () => {
    const [authorizerId, authorizer] = of(cfn, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', JwtConfiguration: { Audience: [{ Ref: expect.stringMatching(/Dashboard/) }] } });
    const routes = of(cfn, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);
    const withJwt = routes.filter((r) => r.AuthorizationType === 'JWT').map((r) => r.RouteKey as string).sort();
    expect(withJwt).toEqual(userRouteKeys);
    expect(withJwt).toContain('POST /tasks/{instanceId}/{task}');
    for (const r of routes.filter((x) => x.AuthorizationType === 'JWT')) expect(r.AuthorizerId).toEqual({ Ref: authorizerId });
    expect(routes.find((r) => r.RouteKey === 'GET /')!.AuthorizationType ?? 'NONE').toBe('NONE');
  });

  it('gives the API function the ATM_* settings: issuer, audience, superuser group, hosted UI (and no development key)', () => {
    const api = of(cfn, 'AWS::Lambda::Function').find(([, f]) => (f.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.AUTOMATIONS_FUNCTION === 'api')!;
    const vars = (api[1].Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(vars)).toEqual(expect.arrayContaining(['ATM_JWT_ISSUER', 'ATM_JWT_AUDIENCE', 'ATM_SUPERUSER_GROUP', 'ATM_TOKEN_USE', 'ATM_COGNITO_DOMAIN', 'ATM_COGNITO_CLIENT_ID']));
    expect(vars.ATM_SUPERUSER_GROUP).toBe('admins');
    expect(JSON.stringify(vars.ATM_JWT_ISSUER)).toContain('cognito-idp');
    expect(JSON.stringify(cfn)).not.toContain('ATM_DEV_SIGNING_KEY');
  });

  it('uses an existing issuer instead, when given one', () => {
    const { template: other } = synthesize({ automations: [ProcessInput], identity: { issuer: 'https://login.example.com', audience: ['dash'], groupsClaim: 'groups' } });
    expect(of(other, 'AWS::Cognito::UserPool')).toHaveLength(0);
    const [, authorizer] = of(other, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(authorizer.Properties).toMatchObject({ JwtConfiguration: { Issuer: 'https://login.example.com', Audience: ['dash'] } });
  });
});
