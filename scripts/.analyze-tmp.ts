import * as esbuild from 'esbuild';
import { handlerEntry } from '../lib/infra/paths.js';
const role = process.argv[2] ?? 'advance';
const r = await esbuild.build({
  entryPoints: [handlerEntry(role)], bundle: true, platform: 'node', format: 'esm', target: 'node24', minify: true, keepNames: true,
  mainFields: ['module', 'main'], write: false, metafile: true, outfile: '/tmp/bundles-an/out.mjs', logLevel: 'silent',
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
});
const out = Object.values(r.metafile.outputs)[0]!;
const groups = new Map<string, number>();
const pkg = (p: string) => { const m = p.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/); return m ? m[1]! : p.split('/').slice(0, 2).join('/'); };
for (const [path, v] of Object.entries(out.inputs)) groups.set(pkg(path), (groups.get(pkg(path)) ?? 0) + v.bytesInOutput);
console.log(role, 'total', (out.bytes / 1024).toFixed(0), 'KiB');
for (const [k, v] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 30))) console.log((v / 1024).toFixed(1).padStart(8), k);
