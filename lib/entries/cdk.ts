/** `serverless-automations/cdk`: the construct that deploys a team's flows (and a stack holding only it). */
export { Automations, type AutomationsProps } from '../infra/automations.js';
export { AutomationsStack, type AutomationsStackProps } from '../infra/automations-stack.js';
export type { ExistingIssuer } from '../infra/user-sign-in.js';
export type { FlowManifest } from '../infra/flow-manifest.js';
export type { RouteSpec } from '../infra/route-spec.js';
