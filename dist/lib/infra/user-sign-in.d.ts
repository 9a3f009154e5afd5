import { RemovalPolicy } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
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
export declare class UserSignIn extends Construct {
    readonly authorizer: HttpJwtAuthorizer;
    readonly environment: Record<string, string>;
    readonly userPool: cognito.UserPool | undefined;
    readonly client: cognito.UserPoolClient | undefined;
    constructor(scope: Construct, id: string, props: UserSignInProps);
}
