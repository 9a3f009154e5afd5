import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDynamoDBLocal } from '../../scripts/fetch-dynamodb-local.mjs';
/** Thrown when no `java` can be run; its message is one line that says what to do. */
export class JavaMissingError extends Error {
    constructor(java) {
        super(`DynamoDB Local needs Java 17 or later, and "${java}" could not be run: install a JRE (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME`);
        this.name = 'JavaMissingError';
    }
}
function javaBinary() {
    const home = process.env.JAVA_HOME;
    if (home && existsSync(join(home, 'bin', 'java')))
        return join(home, 'bin', 'java');
    return 'java';
}
/** Checks that `java` runs; throws JavaMissingError otherwise. */
export function checkJava(java = javaBinary()) {
    const result = spawnSync(java, ['-version'], { stdio: 'ignore' });
    if (result.error || result.status !== 0)
        throw new JavaMissingError(java);
}
export async function freePort() {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            const port = typeof address === 'object' && address ? address.port : 0;
            server.close(() => resolvePort(port));
        });
    });
}
/**
 * Runs "$@" in the background and waits for it; a second background job waits for EOF on
 * the original stdin (fd 3: background jobs of a non-interactive shell get /dev/null as
 * stdin) and then kills the JVM. The shell exits with the JVM's status either way.
 */
export const GUARD_SCRIPT = 'exec 3<&0; "$@" & j=$!; { read _ <&3; kill $j 2>/dev/null; } & r=$!; wait $j; s=$?; kill $r 2>/dev/null; exit $s';
const LAUNCHER = fileURLToPath(new URL('./LoopbackDynamoDBLocal.java', import.meta.url));
/**
 * The compiled launcher: compiled once per version of its source into `<emulator dir>/loopback-<hash>/`
 * (by javac inside the JVM, `java -m jdk.compiler/...`, which any Java with the compiler module
 * has, JRE or JDK), so that starting the server costs no compilation. Undefined when it cannot be
 * compiled: then the jar runs as shipped.
 */
function compiledLauncher(dir, java) {
    const source = readFileSync(LAUNCHER);
    const name = `loopback-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`;
    // Next to the jar; in the temporary folder when that one is read-only.
    for (const parent of [dir, tmpdir()]) {
        const out = join(parent, name);
        if (existsSync(join(out, 'LoopbackDynamoDBLocal.class')))
            return out;
        try {
            return compileInto(out, parent, dir, java);
        }
        catch {
            // not writable: try the next place
        }
    }
    return undefined;
}
function compileInto(out, parent, dir, java) {
    const work = mkdtempSync(join(parent, '.loopback-'));
    try {
        const result = spawnSync(java, ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '-nowarn', '-d', work, '-cp', join(dir, 'DynamoDBLocal.jar'), LAUNCHER], { stdio: 'ignore' });
        if (result.error || result.status !== 0 || !existsSync(join(work, 'LoopbackDynamoDBLocal.class')))
            return undefined;
        try {
            renameSync(work, out); // atomic: a concurrent start compiled the same source into its own folder
        }
        catch {
            if (!existsSync(join(out, 'LoopbackDynamoDBLocal.class')))
                return undefined;
        }
        return out;
    }
    finally {
        rmSync(work, { recursive: true, force: true });
    }
}
/** The folder for the tables, owner-only: created 0700, and any files from before made 0600. */
function privateFolder(path) {
    const dir = resolve(path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isFile())
            chmodSync(join(dir, entry.name), 0o600);
    }
    return dir;
}
/** Whether the server on `port` answers like DynamoDB (it rejects an unsigned request with a DynamoDB error). */
async function answersLikeDynamoDB(port) {
    try {
        const response = await fetch(`http://127.0.0.1:${port}/`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
            body: '{}',
            signal: AbortSignal.timeout(1000),
        });
        const text = await response.text();
        return text.includes('dynamodb');
    }
    catch {
        return false;
    }
}
async function startOnce(options, port, dir, java, launcher) {
    const jar = join(dir, 'DynamoDBLocal.jar');
    const loopbackOnly = launcher !== undefined;
    const args = [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, ...(options.jvmOptions ?? []), ...(launcher ? ['-cp', `${jar}${delimiter}${launcher}`, 'LoopbackDynamoDBLocal'] : ['-jar', jar])];
    args.push('-port', String(port), '-disableTelemetry', '-sharedDb');
    if (options.dbPath) {
        args.push('-dbPath', privateFolder(options.dbPath));
    }
    else {
        args.push('-inMemory');
    }
    // umask 077: the tables' files are created owner-only.
    const child = spawn('sh', ['-c', `umask 077; ${GUARD_SCRIPT}`, 'dynamodb-local', java, ...args], {
        stdio: ['pipe', 'pipe', 'pipe'],
        cwd: dir, // DynamoDB Local writes dynamodb-local-metadata.json into its working directory
    });
    let output = '';
    const collect = (chunk) => {
        output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let exited = false;
    const exit = new Promise((resolveExit) => {
        child.once('exit', () => {
            exited = true;
            resolveExit();
        });
    });
    // Never keep the event loop alive for the server's sake; the pipe still closes on exit.
    child.unref();
    child.stdin.unref?.();
    child.stdout.unref?.();
    child.stderr.unref?.();
    const stop = async () => {
        if (!exited) {
            child.stdin.end();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exit;
            clearTimeout(timer);
        }
    };
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    while (!exited) {
        if (await answersLikeDynamoDB(port)) {
            if (exited)
                break; // someone else answered on this port and our JVM died: not ours
            return { endpoint: `http://127.0.0.1:${port}`, port, loopbackOnly, stop };
        }
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`DynamoDB Local did not answer on port ${port} within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    throw Object.assign(new Error(`DynamoDB Local exited while starting on port ${port}:\n${output.trim()}`), {
        portInUse: /address already in use|BindException/i.test(output),
    });
}
/** Starts DynamoDB Local (fetching the jar on first use) and resolves once it answers. */
export async function startDynamoDBLocal(options = {}) {
    const java = javaBinary();
    checkJava(java);
    const dir = options.emulatorDir ?? process.env.DYNAMODB_LOCAL_DIR ?? ensureDynamoDBLocal();
    if (!existsSync(join(dir, 'DynamoDBLocal.jar')))
        throw new Error(`No DynamoDBLocal.jar in ${dir}`);
    const launcher = compiledLauncher(dir, java);
    for (let attempt = 0;; attempt++) {
        const port = options.port ?? (await freePort());
        try {
            return await startOnce(options, port, dir, java, launcher);
        }
        catch (error) {
            // A free port can be taken between our probe and the JVM's bind: try another.
            const portInUse = error.portInUse === true;
            if (!portInUse || options.port !== undefined || attempt >= 4)
                throw error;
        }
    }
}
