import { App } from 'aws-cdk-lib';
import { createRequire } from 'node:module';
import type { AutomationClass } from '../engine/definition.js';
import { join } from 'node:path';
import type { RouteModule } from '../../lambdas/api/route.js';
import { AutomationsStack, type AutomationsStackProps } from './automations-stack.js';
import { PACKAGE_ROOT } from './paths.js';

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

export type CfnTemplate = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>; Outputs?: Record<string, unknown> };

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
export function synthesize(options: SynthOptions): { template: CfnTemplate; stack: AutomationsStack; findings: NagFinding[]; outdir: string } {
  const { bundle = false, nag = false, stackName = 'Automations', context = {}, outdir, flows, routeModules, ...rest } = options;
  const props: AutomationsStackProps = {
    ...rest,
    flows: flows ?? join(PACKAGE_ROOT, 'flows', 'index.ts'),
    ...(routeModules ? { routes: routeModules.flatMap((m) => m.routes).map((r) => ({ method: r.method, path: r.path, ...(r.auth ? { auth: r.auth } : {}) })) } : {}),
  };
  const app = new App({ context: { ...context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) }, ...(outdir ? { outdir } : {}) });
  const stack = new AutomationsStack(app, stackName, props);
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as CfnTemplate;
  let findings: NagFinding[] = [];
  if (nag) {
    // cdk-nag is a development dependency: required only when asked for (the local stack synthesises without it).
    const { AwsSolutionsChecks } = createRequire(import.meta.url)('cdk-nag') as typeof import('cdk-nag');
    const report = new AwsSolutionsChecks(app).validateScope(app);
    findings = report.violations.map((v) => ({ rule: v.ruleName, paths: v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? '?') }));
  }
  return { template, stack, findings, outdir: assembly.directory };
}
