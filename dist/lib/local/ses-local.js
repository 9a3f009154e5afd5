import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort, GUARD_SCRIPT } from './dynamodb-local.js';
function serverScript() {
    const require = createRequire(import.meta.url);
    const manifest = require.resolve('aws-ses-v2-local/package.json');
    const bin = require(manifest).bin['aws-ses-v2-local'];
    if (!bin)
        throw new Error('aws-ses-v2-local has no aws-ses-v2-local binary');
    return join(dirname(manifest), bin);
}
async function answers(port) {
    try {
        const response = await fetch(`http://127.0.0.1:${port}/health-check`, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        return response.ok;
    }
    catch {
        return false;
    }
}
async function startOnce(port, timeoutMs) {
    const child = spawn('sh', ['-c', GUARD_SCRIPT, 'ses-local', process.execPath, serverScript(), '--host', '127.0.0.1', '--port', String(port)], {
        stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk) => {
        output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let exited = false;
    const exit = new Promise((resolve) => child.once('exit', () => ((exited = true), resolve())));
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr])
        stream.unref?.();
    const stop = async () => {
        if (exited)
            return;
        child.stdin.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exit;
        clearTimeout(timer);
    };
    const endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    while (!exited) {
        if (await answers(port)) {
            if (exited)
                break;
            return {
                endpoint,
                port,
                async received() {
                    const response = await fetch(`${endpoint}/store`);
                    if (!response.ok)
                        throw new Error(`aws-ses-v2-local answered GET /store with ${response.status}`);
                    return (await response.json()).emails;
                },
                async clear() {
                    const response = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
                    await response.arrayBuffer();
                    if (!response.ok)
                        throw new Error(`aws-ses-v2-local answered POST /clear-store with ${response.status}`);
                },
                stop,
            };
        }
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`aws-ses-v2-local did not answer on port ${port} within ${timeoutMs} ms:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    throw Object.assign(new Error(`aws-ses-v2-local exited while starting on port ${port}:\n${output.trim()}`), { portInUse: /EADDRINUSE/.test(output) });
}
/** Starts aws-ses-v2-local on a free loopback port and resolves once it answers. */
export async function startSesLocal(options = {}) {
    for (let attempt = 0;; attempt++) {
        const port = options.port ?? (await freePort());
        try {
            return await startOnce(port, options.startTimeoutMs ?? 15_000);
        }
        catch (error) {
            if (error.portInUse !== true || options.port !== undefined || attempt >= 4)
                throw error;
        }
    }
}
