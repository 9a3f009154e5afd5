import { App } from 'aws-cdk-lib';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AutomationsStack } from './automations-stack.js';
import { PACKAGE_ROOT } from './paths.js';
/**
 * Synthesises the stack in-process (no CLI, no network): the tests, the local stack (which
 * reads its routes, schedules, rules and state machines from the template) and the docs use
 * it. Without `bundle`, functions get placeholder code (the `aws:cdk:bundling-stacks` context).
 * Set CDK_VALIDATION=false beforehand to skip CloudFormation schema validation (~5 s).
 */
export function synthesize(options) {
    const { bundle = false, nag = false, stackName = 'Automations', context = {}, outdir, flows, routeModules, ...rest } = options;
    const props = {
        ...rest,
        flows: flows ?? join(PACKAGE_ROOT, 'flows', 'index.ts'),
        ...(routeModules ? { routes: routeModules.flatMap((m) => m.routes).map((r) => ({ method: r.method, path: r.path, ...(r.auth ? { auth: r.auth } : {}) })) } : {}),
    };
    const app = new App({ context: { ...context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) }, ...(outdir ? { outdir } : {}) });
    const stack = new AutomationsStack(app, stackName, props);
    const assembly = app.synth();
    const template = assembly.getStackByName(stack.stackName).template;
    let findings = [];
    if (nag) {
        // cdk-nag is a development dependency: required only when asked for (the local stack synthesises without it).
        const { AwsSolutionsChecks } = createRequire(import.meta.url)('cdk-nag');
        const report = new AwsSolutionsChecks(app).validateScope(app);
        findings = report.violations.map((v) => ({ rule: v.ruleName, paths: v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? '?') }));
    }
    return { template, stack, findings, outdir: assembly.directory };
}
