import { type FunctionRole } from '../aws/env.js';
import type { CfnTemplate } from '../infra/synth.js';
/**
 * Reads what the local stack needs from the synthesised CloudFormation template: which
 * function serves which HTTP route, the schedules, the event rules and their targets, the
 * state machines (with intrinsic functions resolved to plain JSON) and the async retry
 * policy. The local stack serves what the template declares, so the two cannot drift.
 */
export declare const LOCAL_REGION = "us-east-1";
export declare const LOCAL_ACCOUNT = "000000000000";
export interface LocalFunction {
    id: string;
    role: FunctionRole;
    timeoutSeconds: number;
    /** Environment values that are plain strings (references resolved to local names). */
    environment: Record<string, string>;
    /** Retries of asynchronous invocations (EventInvokeConfig); Lambda's default is 2. */
    asyncRetries: number;
}
export interface LocalRoute {
    method: string;
    path: string;
    routeKey: string;
    functionId: string;
}
export interface LocalSchedule {
    id: string;
    expression: string;
    /** Milliseconds between runs: rate() as written; cron() as once a day. */
    intervalMs: number;
    functionId: string;
    input: unknown;
}
export interface InputTransformer {
    InputPathsMap?: Record<string, string>;
    InputTemplate: string;
}
export interface LocalRuleTarget {
    functionId: string;
    input?: unknown;
    inputTransformer?: InputTransformer;
}
export interface LocalEventRule {
    id: string;
    pattern: Record<string, unknown>;
    /** undefined: the default bus. */
    bus: string | undefined;
    targets: LocalRuleTarget[];
}
export interface LocalStateMachine {
    id: string;
    arn: string;
    definition: Record<string, unknown>;
}
export interface LocalTemplate {
    functions: Map<string, LocalFunction>;
    byRole: Map<FunctionRole, LocalFunction>;
    routes: LocalRoute[];
    schedules: LocalSchedule[];
    eventRules: LocalEventRule[];
    stateMachines: Map<string, LocalStateMachine>;
    /** The state machine a function's environment names (e.g. TIMER_STATE_MACHINE_ARN of the advance-starting functions). */
    stateMachineFor(envName: string): LocalStateMachine;
    /** The function an ARN (as resolved here) names. */
    functionByArn(arn: string): LocalFunction | undefined;
}
type Resources = CfnTemplate['Resources'];
export declare const functionArn: (id: string) => string;
/** Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub and pseudo parameters to local strings. */
export declare function resolveIntrinsics(value: unknown, resources: Resources): unknown;
/** rate(5 minutes) → ms; cron(…) → a day (the local stack runs daily jobs once a day from start). */
export declare function scheduleInterval(expression: string): number;
export declare function readTemplate(template: CfnTemplate): LocalTemplate;
export {};
