import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { ENV, type FunctionRole } from '../aws/env.js';
import { acknowledge } from './nag.js';
import { BUILT, handlerEntry, lockFile, PACKAGE_ROOT } from './paths.js';

/** The newest Node.js runtime aws-cdk-lib 2.276 offers. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = 'node24';

/** Replaced in the Lambda bundles by the module that reads only Lambda's environment credentials. */
export const LAMBDA_CREDENTIALS_ALIAS = '@aws-sdk/credential-provider-node=./lib/aws/lambda-credentials.ts';

/**
 * esbuild options shared by the stack and bench/bundle.ts: one ESM file per handler,
 * minified and tree-shaken, with an external source map and class/function names kept
 * (automation names default to class names), the AWS SDK bundled at the locked version.
 * Two substitutions keep code a function never runs out of its bundle (each measured by
 * `npm run bench:bundle`):
 * - the SDK's default credential chain becomes lib/aws/lambda-credentials.ts (Lambda's
 *   environment credentials, the first link of that chain), leaving out profiles, SSO, web
 *   identity, IMDS and their STS/SSO clients (≈ 120 KiB); esbuild resolves the alias from the
 *   project root, which is the bundler's working directory;
 * - `process.env.ATM_XRAY_SDK` becomes the value it has at synth time ("false" unless set to
 *   "true"), so the X-Ray SDK (≈ 118 KiB) is bundled only when asked for
 *   (lambdas/shared/observability.ts).
 */
export const BUNDLING = {
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.EXTERNAL,
  sourcesContent: false,
  keepNames: true,
  target: ESBUILD_TARGET,
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  externalModules: [] as string[],
  define: { 'process.env.ATM_XRAY_SDK': JSON.stringify(process.env.ATM_XRAY_SDK === 'true' ? 'true' : 'false') },
  esbuildArgs: { '--alias': [LAMBDA_CREDENTIALS_ALIAS] },
  // A few dependencies are CommonJS and call require(): give ESM bundles one.
  banner: "import { createRequire as __automationsRequire } from 'node:module'; const require = __automationsRequire(import.meta.url);",
} as const;

/** An alias `pkg=./lib/x.ts` of BUNDLING, with its file made absolute in this package (the built .js in dist/). */
function packageAlias(alias: string): string {
  return alias.replace(/=\.\/(.*)$/, (_match, path: string) => `=${join(PACKAGE_ROOT, BUILT ? path.replace(/\.ts$/, '.js') : path)}`);
}

export interface AutomationFunctionProps {
  role: FunctionRole;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** The team's flows entry (absolute): bundled as the `#flows` module the handlers import. */
  flowsFile: string;
  /** The team's project (its package.json and lock file). */
  projectRoot: string;
  /** Shell commands run after esbuild (cwd: the project root), e.g. to add files to the bundle. */
  afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/**
 * One handler of lambdas/ as a Lambda function, with the team's flows: bundled by the local esbuild, arm64, the
 * current Node runtime, X-Ray tracing, its own log group with retention, and a role that
 * starts with nothing but writing to that log group (grants are added by the stack).
 */
export class AutomationFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AutomationFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `The ${props.role} function of the automations stack`,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: handlerEntry(props.role),
      handler: 'handler',
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      projectRoot: props.projectRoot,
      ...((lock) => (lock ? { depsLockFilePath: lock } : {}))(lockFile(props.projectRoot)),
      bundling: {
        ...BUNDLING, mainFields: [...BUNDLING.mainFields], externalModules: [...BUNDLING.externalModules],
        // The handlers import `#flows`: here it is the team's flows entry. The shared aliases name files of this package (absolute here: esbuild runs in the team's project).
        define: { ...BUNDLING.define }, esbuildArgs: { '--alias': [...BUNDLING.esbuildArgs['--alias'].map(packageAlias), `#flows=${props.flowsFile}`] },
        ...(props.afterBundling ? { commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: props.afterBundling } } : {}),
      },
      environment: {
        [ENV.role]: props.role,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'automations',
        POWERTOOLS_METRICS_NAMESPACE: 'ServerlessAutomations',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
    this.logGroup.grantWrite(this.role);
    acknowledge(this.role, ['AwsSolutions-IAM5[Resource::*]'], 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (added by Tracing.ACTIVE).');
  }
}
