import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FlowManifest } from './flow-manifest.js';

/** flow-manifest's own file: the .js beside this module in the package, the .ts in the repository. */
function manifestModule(): string {
  const js = fileURLToPath(new URL('./flow-manifest.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
}

/**
 * The manifest of a flows file, read synchronously while the CDK app builds its constructs: the
 * file and flow-manifest.ts are bundled together with esbuild (one copy of the engine, so the
 * Form nodes are recognised; TypeScript is compiled on the way) into a CommonJS file that is
 * required and deleted. Nothing of the flows module stays loaded in the app.
 */
export function loadFlowManifest(flowsFile: string): FlowManifest {
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'automations-manifest-'));
  try {
    const result = esbuild.buildSync({
      stdin: {
        contents: `import * as flows from ${JSON.stringify(resolve(flowsFile))};\nimport { flowManifest } from ${JSON.stringify(manifestModule())};\n` +
          'if (!Array.isArray(flows.automations)) throw new Error("does not export an array named automations");\n' +
          'module.exports = flowManifest(flows.automations);\n',
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      keepNames: true, // automation names default to class names
      write: false,
      logLevel: 'silent',
    });
    const file = join(dir, 'manifest.cjs');
    writeFileSync(file, result.outputFiles[0]!.contents);
    return createRequire(file)(file) as FlowManifest;
  } catch (error) {
    throw new Error(`Could not read the flows module ${flowsFile}: ${(error as Error).message}`, { cause: error });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
