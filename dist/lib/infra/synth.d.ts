import type { AutomationClass } from '../engine/definition.js';
import type { RouteModule } from '../../lambdas/api/route.js';
import { AutomationsStack, type AutomationsStackProps } from './automations-stack.js';
export interface SynthOptions extends Partial<Omit<AutomationsStackProps, 'automations' | 'routes'>> {
    automations: readonly AutomationClass[];
    /** The flows entry the functions bundle (default: this repository's flows/index.ts). */
    flows?: string;
    /** The API's route modules (default: all, as deployed); their routes become API Gateway routes. */
    routeModules?: readonly RouteModule[];
    /** Bundle the functions with esbuild (slow); placeholders otherwise. */
    bundle?: boolean;
    /** Run cdk-nag's AwsSolutions checks and return what they find. */
    nag?: boolean;
    stackName?: string;
    /** Extra CDK context (e.g. feature flags). */
    context?: Record<string, unknown>;
    /** Where the cloud assembly goes (a temporary folder by default). */
    outdir?: string;
}
export type CfnTemplate = {
    Resources: Record<string, {
        Type: string;
        Properties?: Record<string, unknown>;
        Metadata?: Record<string, unknown>;
    }>;
    Outputs?: Record<string, unknown>;
};
export interface NagFinding {
    rule: string;
    paths: string[];
}
/**
 * Synthesises the stack in-process (no CLI, no network): the tests, the local stack (which
 * reads its routes, schedules, rules and state machines from the template) and the docs use
 * it. Without `bundle`, functions get placeholder code (the `aws:cdk:bundling-stacks` context).
 * Set CDK_VALIDATION=false beforehand to skip CloudFormation schema validation (~5 s).
 */
export declare function synthesize(options: SynthOptions): {
    template: CfnTemplate;
    stack: AutomationsStack;
    findings: NagFinding[];
    outdir: string;
};
