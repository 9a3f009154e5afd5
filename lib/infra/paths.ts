import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the repository (this file is lib/infra/paths.ts), or dist/ of the installed package (dist/lib/infra/paths.js). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** True when running from the built package (JavaScript in dist/), false from the repository's TypeScript. */
export const BUILT = fileURLToPath(import.meta.url).endsWith('.js');

/** A handler's entry: lambdas/<role>.ts in the repository, dist/lambdas/<role>.js in the package. */
export const handlerEntry = (role: string) => join(PACKAGE_ROOT, 'lambdas', `${role}.${BUILT ? 'js' : 'ts'}`);

/** The shell command that puts the built dashboard into `out` (run after the API function is bundled). */
export function dashboardCommand(out: string): string {
  const prebuilt = join(PACKAGE_ROOT, 'lib', 'dashboard', 'dashboard');
  if (BUILT && existsSync(join(prebuilt, 'index.html'))) return `mkdir -p "${out}" && cp -R "${prebuilt}/." "${out}/"`;
  return `npx --no-install tsx "${join(PACKAGE_ROOT, 'lib', 'dashboard', 'build-cli.ts')}" "${out}"`;
}

/** The lock file NodejsFunction installs from: the first of npm's, pnpm's, yarn's and bun's in the project root. */
export function lockFile(projectRoot: string): string | undefined {
  return ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb'].map((f) => join(projectRoot, f)).find((f) => existsSync(f));
}
