import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../aws/env.js';
import { acknowledge } from './nag.js';
import { handlerEntry, lockFile } from './paths.js';
/** The newest Node.js runtime aws-cdk-lib 2.276 offers. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = 'node24';
/**
 * esbuild options shared by the stack and bench/bundle.ts: one ESM file per handler,
 * minified and tree-shaken, with an external source map and class/function names kept
 * (automation names default to class names), the AWS SDK bundled at the locked version.
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
    externalModules: [],
    // A few dependencies are CommonJS and call require(): give ESM bundles one.
    banner: "import { createRequire as __automationsRequire } from 'node:module'; const require = __automationsRequire(import.meta.url);",
};
/**
 * One handler of lambdas/ as a Lambda function, with the team's flows: bundled by the local esbuild, arm64, the
 * current Node runtime, X-Ray tracing, its own log group with retention, and a role that
 * starts with nothing but writing to that log group (grants are added by the stack).
 */
export class AutomationFunction extends Construct {
    fn;
    role;
    logGroup;
    constructor(scope, id, props) {
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
                // The handlers import `#flows`: here it is the team's flows entry.
                esbuildArgs: { '--alias:#flows': props.flowsFile },
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
