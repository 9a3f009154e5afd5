import { Annotations, AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { execSync } from 'node:child_process';
import { relative } from 'node:path';
import { ENV, type FunctionRole } from '../aws/env.js';
import { bundleHandler, HANDLER_FILE, runtimesInColdStart } from './handler-bundle.js';
import { acknowledge } from './nag.js';
import { handlerEntry } from './paths.js';

/** The newest Node.js runtime aws-cdk-lib 2.276 offers (handler-bundle.ts ESBUILD_TARGET matches it). */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

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
  /** Shell commands run after the bundle is written (cwd: the project root), e.g. to add files to it. */
  afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/**
 * The code of one handler: bundled at synth by the local esbuild (handler-bundle.ts: ESM split
 * into the entry and chunks, which NodejsFunction's single output file cannot do), then the
 * `afterBundling` commands; the asset is hashed from that output. Without bundling (the
 * `aws:cdk:bundling-stacks` context of tests) CDK skips this and synthesises a placeholder.
 */
function handlerCode(scope: Construct, props: AutomationFunctionProps): lambda.Code {
  const input = { entry: handlerEntry(props.role), flowsFile: props.flowsFile, workingDir: props.projectRoot };
  const commands = props.afterBundling?.(props.projectRoot, '<out>') ?? [];
  return lambda.Code.fromAsset(props.projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // The Docker path is never taken (the local bundling below succeeds or throws). CDK reuses a staged asset within
      // a process by a key of the source path and these options, where a function (tryBundle) does not count: the
      // command names what tells two handlers' bundles apart, so that each gets its own.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
      command: ['automations-handler-bundle', JSON.stringify({ ...input, commands, xray: process.env.ATM_XRAY_SDK === 'true' })],
      local: {
        tryBundle(outputDir: string): boolean {
          const metafile = bundleHandler(input, outputDir);
          const eager = runtimesInColdStart(metafile, relative(props.projectRoot, props.flowsFile).split('\\').join('/'));
          if (eager.length > 0) {
            Annotations.of(scope).addWarningV2('serverless-automations:runtimes-in-cold-start',
              `The ${props.role} function compiles the process and workflow runtimes at every cold start (${eager.join(', ')}): ` +
              `the flows import them, usually through the package's main entry. Import what flows are written with from 'serverless-automations/flows'.`);
          }
          const commands = props.afterBundling?.(props.projectRoot, outputDir) ?? [];
          if (commands.length) execSync(commands.join(' && '), { cwd: props.projectRoot, stdio: ['ignore', process.stderr, 'inherit'] });
          return true;
        },
      },
    },
  });
}

/**
 * One handler of lambdas/ as a Lambda function, with the team's flows: bundled by the local esbuild, arm64, the
 * current Node runtime, X-Ray tracing, its own log group with retention, and a role that
 * starts with nothing but writing to that log group (grants are added by the stack).
 */
export class AutomationFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AutomationFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `The ${props.role} function of the automations stack`,
    });
    this.fn = new lambda.Function(this, 'Function', {
      code: handlerCode(this, props),
      handler: `${HANDLER_FILE.replace(/\.mjs$/, '')}.handler`,
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
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
