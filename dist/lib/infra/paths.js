import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
/** The repository root (this file is lib/infra/paths.ts). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const handlerEntry = (role) => join(PROJECT_ROOT, 'lambdas', `${role}.ts`);
//# sourceMappingURL=paths.js.map