import { Aws, CfnOutput, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { IDENTITY_ENV } from '../identity/config.js';
import { acknowledge } from './nag.js';

export { formGroups } from './flow-manifest.js';

/** An identity provider you already run (any OpenID Connect issuer), instead of the stack's user pool. */
export interface ExistingIssuer {
  issuer: string;
  audience: readonly string[];
  jwksUrl?: string;
  groupsClaim?: string;
  permissionsClaim?: string;
  superuserGroup?: string;
}

export interface UserSignInProps {
  api: apigwv2.HttpApi;
  /** The groups the flows' Form nodes are assigned to (flow-manifest.ts `formGroups`). */
  formGroups: readonly string[];
  /** Use this issuer; otherwise the stack creates a Cognito user pool with a hosted UI. */
  existing?: ExistingIssuer;
  /** The hosted UI's domain prefix (globally unique; default derived from the stack and account). */
  domainPrefix?: string;
  /** Members of this group are superusers (default 'admins', created in the user pool). */
  superuserGroup?: string;
  removalPolicy?: RemovalPolicy;
}

/**
 * Who may sign in to the dashboard and the task routes: a Cognito user pool (no self sign-up;
 * administrators invite people and put them in groups), an app client for the dashboard
 * (authorization code with PKCE, no secret), the hosted UI, one group per Form assignment and
 * the superuser group; or an existing issuer. Gives the API function its ATM_* settings and
 * the HTTP API a JWT authorizer for the user routes.
 */
export class UserSignIn extends Construct {
  readonly authorizer: HttpJwtAuthorizer;
  readonly environment: Record<string, string>;
  readonly userPool: cognito.UserPool | undefined;
  readonly client: cognito.UserPoolClient | undefined;

  constructor(scope: Construct, id: string, props: UserSignInProps) {
    super(scope, id);
    if (props.existing) {
      const e = props.existing;
      this.authorizer = new HttpJwtAuthorizer('UserAuthorizer', e.issuer, { jwtAudience: [...e.audience] });
      this.environment = {
        [IDENTITY_ENV.issuer]: e.issuer,
        [IDENTITY_ENV.audience]: e.audience.join(','),
        ...(e.jwksUrl ? { [IDENTITY_ENV.jwksUrl]: e.jwksUrl } : {}),
        ...(e.groupsClaim ? { [IDENTITY_ENV.groupsClaim]: e.groupsClaim } : {}),
        ...(e.permissionsClaim ? { [IDENTITY_ENV.permissionsClaim]: e.permissionsClaim } : {}),
        ...(e.superuserGroup ? { [IDENTITY_ENV.superuserGroup]: e.superuserGroup } : {}),
      };
      this.userPool = undefined;
      this.client = undefined;
      return;
    }

    const superuserGroup = props.superuserGroup ?? 'admins';
    const pool = new cognito.UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      customAttributes: { permissions: new cognito.StringAttribute({ mutable: true, maxLen: 2048 }) },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    acknowledge(pool, ['AwsSolutions-COG2'], 'MFA is offered (TOTP) but not forced: the pool serves an internal dashboard whose operators decide; set Mfa.REQUIRED for stricter setups.');
    acknowledge(pool, ['AwsSolutions-COG3', 'AwsSolutions-COG8'], 'Threat protection needs the Plus feature plan (per-user cost); sign-up is closed and only invited users exist.');

    const callback = `${props.api.apiEndpoint}/`;
    const client = pool.addClient('Dashboard', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [callback],
        logoutUrls: [callback],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
    const domain = pool.addDomain('HostedUi', {
      // Globally unique: account, region and this construct's path hash (lower case, digits and hyphens only).
      cognitoDomain: { domainPrefix: props.domainPrefix ?? Fn.join('-', ['automations', Aws.ACCOUNT_ID, Aws.REGION, this.node.addr.slice(0, 8)]) },
    });
    for (const group of new Set([superuserGroup, ...props.formGroups])) {
      new cognito.CfnUserPoolGroup(this, `Group${group.replace(/[^A-Za-z0-9]/g, '')}`, {
        userPoolId: pool.userPoolId,
        groupName: group,
        description: group === superuserGroup ? 'Superusers: every task is open to them' : 'Assigned to Form tasks of the automations',
      });
    }

    // The `iss` of the pool's tokens (the ProviderURL attribute lacks the scheme); its keys are at <issuer>/.well-known/jwks.json.
    const issuer = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${pool.userPoolId}`;
    this.authorizer = new HttpJwtAuthorizer('UserAuthorizer', issuer, { jwtAudience: [client.userPoolClientId] });
    this.environment = {
      [IDENTITY_ENV.issuer]: issuer,
      [IDENTITY_ENV.audience]: client.userPoolClientId,
      [IDENTITY_ENV.superuserGroup]: superuserGroup,
      [IDENTITY_ENV.tokenUse]: 'id',
      [IDENTITY_ENV.cognitoDomain]: domain.baseUrl(),
      [IDENTITY_ENV.cognitoClientId]: client.userPoolClientId,
    };
    this.userPool = pool;
    this.client = client;
    new CfnOutput(this, 'UserPoolId', { value: pool.userPoolId, description: 'Invite people here (aws cognito-idp admin-create-user) and add them to groups' });
    new CfnOutput(this, 'HostedUiUrl', { value: domain.baseUrl(), description: 'The Cognito hosted UI the dashboard signs in with' });
  }
}
