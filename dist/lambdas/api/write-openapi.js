/** Writes docs/openapi.json from the route modules (a test checks that it is current). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_ROUTE_MODULES } from './modules.js';
import { openApiDocument } from './openapi.js';
const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(openApiDocument(API_ROUTE_MODULES), null, 2)}\n`);
console.log(`wrote ${file}`);
