import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkFlowsModule, type FlowsModule } from '../app/flows-module.js';

/**
 * Loads a team's flows module for the local stack. Under a TypeScript loader (tsx, vitest) it is
 * imported as it is. From the built package on plain Node, a .ts file cannot be imported: it is
 * compiled with esbuild into `<cacheDir>/flows.mjs` inside the project, its packages left as
 * imports, so `serverless-automations` resolves to the same installed copy the local stack runs.
 */
export async function loadFlows(file: string, cacheDir: string): Promise<FlowsModule> {
  const path = resolve(file);
  let loaded: unknown;
  try {
    loaded = await import(pathToFileURL(path).href);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const dir = resolve(cacheDir);
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `flows-${Date.now()}.mjs`);
    const result = await esbuild.build({
      entryPoints: [path], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20',
      keepNames: true, // automation names default to class names
      write: false, logLevel: 'silent',
    });
    writeFileSync(out, result.outputFiles[0]!.contents);
    loaded = await import(pathToFileURL(out).href);
  }
  return checkFlowsModule(loaded, file);
}
