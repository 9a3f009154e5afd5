import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.map': 'application/json; charset=utf-8',
    '.svg': 'image/svg+xml',
};
const here = dirname(fileURLToPath(import.meta.url));
/** The source folder (dashboard/ at the project root) when running from the repository. */
export const DASHBOARD_SOURCE = resolve(here, '../../dashboard');
function asset(path, body) {
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const compressible = body.length > 1024 && !type.startsWith('image/');
    const etag = `"${Buffer.from(String(body.length)).toString('hex')}-${hash(body)}"`;
    return { path, type, body, gzip: compressible ? gzipSync(body, { level: 9 }) : null, etag };
}
function hash(body) {
    let h = 0x811c9dc5;
    for (let i = 0; i < body.length; i += Math.max(1, Math.floor(body.length / 4096)))
        h = Math.imul(h ^ body[i], 0x01000193) >>> 0;
    return h.toString(16);
}
/** Builds the dashboard into memory: { 'main.js': …, 'diagram-HASH.js': …, 'styles.css': …, 'index.html': … }. */
export async function buildDashboard(source = DASHBOARD_SOURCE, options = {}) {
    const esbuildName = 'esbuild'; // a variable: the API function's own bundle must not pull esbuild in
    const esbuild = (await import(esbuildName));
    const out = join(source, '.out');
    const result = await esbuild.build({
        entryPoints: [join(source, 'src/main.ts')],
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'browser',
        target: ['es2022'],
        minify: options.minify ?? true,
        sourcemap: false,
        write: false,
        outdir: out,
        entryNames: '[name]',
        chunkNames: '[name]-[hash]',
        legalComments: 'none',
        logLevel: 'silent',
        define: { 'process.env.NODE_ENV': '"production"' },
    });
    const files = new Map();
    for (const file of result.outputFiles)
        files.set(relative(out, file.path).split('\\').join('/'), Buffer.from(file.contents));
    files.set('index.html', readFileSync(join(source, 'index.html')));
    files.set('styles.css', readFileSync(join(source, 'styles.css')));
    return files;
}
function readPrebuilt(dir) {
    const files = new Map();
    for (const name of readdirSync(dir))
        files.set(name, readFileSync(join(dir, name)));
    return files;
}
/** Where a prebuilt dashboard is: ATM_DASHBOARD_DIR, or dashboard/ beside the running bundle. */
function prebuiltDir(env) {
    const candidates = [env.ATM_DASHBOARD_DIR, join(here, 'dashboard')].filter((d) => Boolean(d));
    return candidates.find((d) => existsSync(join(d, 'index.html')) && existsSync(join(d, 'main.js')));
}
let loaded;
export function dashboardAssets(env = process.env) {
    loaded ??= (async () => {
        const dir = prebuiltDir(env);
        const files = dir ? readPrebuilt(dir) : await buildDashboard();
        return new Map([...files].map(([path, body]) => [path, asset(path, body)]));
    })().catch((error) => {
        loaded = undefined;
        throw error;
    });
    return loaded;
}
