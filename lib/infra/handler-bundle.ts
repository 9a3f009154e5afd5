import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { BUILT, PACKAGE_ROOT } from './paths.js';

/** The esbuild target of the handlers: the Node.js runtime of the functions (automation-function.ts RUNTIME). */
export const ESBUILD_TARGET = 'node24';

/** The file of a handler's bundle that Lambda loads (`index.handler`); its chunks are under CHUNK_DIR. */
export const HANDLER_FILE = 'index.mjs';
export const CHUNK_DIR = 'chunks';

/** Replaced in the Lambda bundles by the module that reads only Lambda's environment credentials. */
export const LAMBDA_CREDENTIALS_MODULE = '@aws-sdk/credential-provider-node';
const LAMBDA_CREDENTIALS_FILE = 'lib/aws/lambda-credentials.ts';

/** A file of this package, absolute (the built .js when running from dist/). */
function packageFile(path: string): string {
  return join(PACKAGE_ROOT, BUILT ? path.replace(/\.ts$/, '.js') : path);
}

export interface HandlerBundleInput {
  /** The handler module (lambdas/<role>.ts, or dist/lambdas/<role>.js in the package). */
  entry: string;
  /** The team's flows entry (absolute): what the handlers import as `#flows`. */
  flowsFile: string;
  /** Where esbuild runs (the team's project root): node_modules are resolved from the importing files. */
  workingDir: string;
}

/**
 * The esbuild options of every handler bundle: the stack's assets (automation-function.ts),
 * `npm run bench:bundle` and test/infra/bundle.test.ts all build through this one function.
 *
 * ESM with code splitting: the entry is `index.mjs`, and what a handler loads with a dynamic
 * `import()` (clients only some paths use, the API's rarely used route groups, the team's
 * flows) is a chunk of its own in `chunks/`, which Node compiles only when the path runs. In
 * a single-file bundle a dynamic import still costs its compilation at every cold start.
 * Minified and tree-shaken, class/function names kept (automation names default to class
 * names), an external source map without sources, the AWS SDK bundled at the locked version.
 * Two substitutions keep code a function never runs out (measured by `npm run bench:bundle`):
 * - the SDK's default credential chain becomes lib/aws/lambda-credentials.ts (Lambda's
 *   environment credentials, the first link of that chain), leaving out profiles, SSO, web
 *   identity, IMDS and their STS/SSO clients (≈ 120 KiB);
 * - `process.env.ATM_XRAY_SDK` becomes the value it has at synth time ("false" unless set to
 *   "true"), so the X-Ray SDK (≈ 118 KiB) is bundled only when asked for
 *   (lambdas/shared/observability.ts).
 */
export function handlerBuildOptions(input: HandlerBundleInput, outdir: string): BuildOptions {
  return {
    entryPoints: [{ in: input.entry, out: 'index' }],
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: `${CHUNK_DIR}/[name]-[hash]`,
    absWorkingDir: input.workingDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: ESBUILD_TARGET,
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    sourcemap: 'external',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.ATM_XRAY_SDK': JSON.stringify(process.env.ATM_XRAY_SDK === 'true' ? 'true' : 'false') },
    alias: { [LAMBDA_CREDENTIALS_MODULE]: packageFile(LAMBDA_CREDENTIALS_FILE), '#flows': input.flowsFile },
    // A few dependencies are CommonJS and call require(): give each ESM output file one.
    banner: { js: "import { createRequire as __automationsRequire } from 'node:module'; const require = __automationsRequire(import.meta.url);" },
  };
}

/** Bundles a handler into `outdir` (index.mjs, chunks/, their source maps); returns esbuild's metafile. */
export function bundleHandler(input: HandlerBundleInput, outdir: string): Metafile {
  const result = buildSync(handlerBuildOptions(input, outdir));
  return result.metafile!;
}

/**
 * The modules of the process and workflow runtimes, which the handlers build on first use
 * (lib/app/runtime.ts): a cold start that runs neither should not compile them. Written without
 * extension and folder prefix, so that they match this repository's sources and the package's
 * built files (`node_modules/serverless-automations/dist/lib/…js`) alike.
 */
export const ON_DEMAND_RUNTIME_MODULES = [
  'lib/app/process-wiring', 'lib/engine/processes/runtime', 'lib/engine/processes/service', 'lib/engine/processes/cron', 'lib/engine/processes/validate-process',
  'lib/app/workflow-wiring', 'lib/engine/workflows/runtime', 'lib/engine/workflows/service', 'lib/engine/workflows/autostart', 'lib/engine/workflows/validate-workflow', 'lib/engine/nodes/approval',
] as const;

/**
 * The inputs a cold start compiles, from esbuild's metafile: the entry's output and the flows
 * chunk (imported by the first invocation), each with the chunks it imports statically.
 * `flowsInput` is the flows file as the metafile names it (relative to the working directory).
 */
export function coldStartInputs(metafile: Metafile, flowsInput: string): Set<string> {
  const starts = Object.entries(metafile.outputs)
    .filter(([path, output]) => output.entryPoint !== undefined && (path.endsWith(`/${HANDLER_FILE}`) || output.entryPoint === flowsInput))
    .map(([path]) => path);
  const seen = new Set<string>();
  const inputs = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const output = metafile.outputs[path];
    if (!output) return;
    for (const input of Object.keys(output.inputs)) inputs.add(input);
    for (const imported of output.imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  starts.forEach(visit);
  return inputs;
}

/** Modules of ON_DEMAND_RUNTIME_MODULES that a bundle compiles at every cold start (none, when flows import the authoring entry). */
export function runtimesInColdStart(metafile: Metafile, flowsInput: string): string[] {
  const cold = [...coldStartInputs(metafile, flowsInput)].map((input) => input.replace(/\.[cm]?[jt]s$/, ''));
  return ON_DEMAND_RUNTIME_MODULES.filter((module) => cold.some((input) => input === module || input.endsWith(`/${module}`)));
}
