import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type FunctionRole } from '../aws/env.js';
/** The newest Node.js runtime aws-cdk-lib 2.276 offers. */
export declare const RUNTIME: lambda.Runtime;
export declare const ESBUILD_TARGET = "node24";
/**
 * esbuild options shared by the stack and bench/bundle.ts: one ESM file per handler,
 * minified and tree-shaken, with an external source map and class/function names kept
 * (automation names default to class names), the AWS SDK bundled at the locked version.
 */
export declare const BUNDLING: {
    readonly minify: true;
    readonly sourceMap: true;
    readonly sourceMapMode: SourceMapMode.EXTERNAL;
    readonly sourcesContent: false;
    readonly keepNames: true;
    readonly target: "node24";
    readonly format: OutputFormat.ESM;
    readonly mainFields: readonly ["module", "main"];
    readonly externalModules: string[];
    readonly banner: "import { createRequire as __automationsRequire } from 'node:module'; const require = __automationsRequire(import.meta.url);";
};
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
export declare class AutomationFunction extends Construct {
    readonly fn: NodejsFunction;
    readonly role: iam.Role;
    readonly logGroup: logs.LogGroup;
    constructor(scope: Construct, id: string, props: AutomationFunctionProps);
}
