import * as esbuild from 'esbuild';
import { handlerEntry } from '../lib/infra/paths.js';
const role = process.argv[2] ?? 'advance';
const filter = new RegExp(process.argv[3] ?? '.');
const r = await esbuild.build({
  entryPoints: [handlerEntry(role)], bundle: true, platform: 'node', format: 'esm', target: 'node24', minify: true, keepNames: true,
  mainFields: ['module', 'main'], write: false, metafile: true, outfile: '/tmp/bundles-an/out.mjs', logLevel: 'silent',
});
const out = Object.values(r.metafile.outputs)[0]!;
const rows = Object.entries(out.inputs).filter(([p]) => filter.test(p)).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
for (const [p, v] of rows.slice(0, Number(process.argv[4] ?? 40))) console.log((v.bytesInOutput / 1024).toFixed(1).padStart(8), p);
