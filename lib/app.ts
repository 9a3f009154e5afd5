import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AutomationsStack } from './infra/automations-stack.js';
import { PACKAGE_ROOT } from './infra/paths.js';

/**
 * The CDK app (cdk.json runs it with tsx): `npm run synth`, `npm run deploy`, `npm run deploy:local`.
 * It deploys this repository's flows/ with the construct teams use (serverless-automations/cdk).
 * cdk-nag's AwsSolutions checks run on every synth; each suppression is justified where the
 * resource is defined.
 */
const app = new App();
new AutomationsStack(app, process.env.AUTOMATIONS_STACK_NAME ?? 'Automations', {
  flows: 'flows/index.ts',
  projectRoot: PACKAGE_ROOT,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  ...(process.env.ALARM_EMAIL ? { alarmEmail: process.env.ALARM_EMAIL } : {}),
  description: 'Serverless automations: engine, HTTP API, webhooks, timers and schedules',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
