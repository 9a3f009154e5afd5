/**
 * `npm start` in this repository: the local stack (lib/local/dev.ts, what `automations dev` runs
 * in a team's project) with the example flows of flows/ and the example approval workflows.
 */
import { runDev } from './dev.js';

const { workflows } = await import('../../flows/workflows.js');
runDev({ workflows }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
