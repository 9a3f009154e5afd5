/**
 * DynamoDB Local (the official jar, run on the machine's Java) as a child of this process.
 *
 * The JVM is started through `sh`, which holds our end of a stdin pipe: when this process
 * stops the JVM (`stop()`), exits, or dies (even by SIGKILL), the pipe closes, `read`
 * returns and the shell kills the JVM. A JVM started directly would outlive a crashed parent.
 *
 * It is kept to this machine and this user: it listens on 127.0.0.1 only (the jar has no
 * option for that; LoopbackDynamoDBLocal.java sets the address of its server), and its files
 * are created owner-only (umask 077; the folder 0700). A Java without the compiler module
 * cannot compile the launcher: then the jar runs as shipped, on every interface, and
 * `loopbackOnly` is false (npm start says so).
 */
export interface DynamoDBLocalOptions {
    /** Keep tables on disk in this folder (created if missing); in memory when omitted. */
    dbPath?: string;
    /** Port to listen on; a free one when omitted. */
    port?: number;
    /** Folder with DynamoDBLocal.jar and DynamoDBLocal_lib/; fetched into .cache/dynamodb-local/ when omitted. */
    emulatorDir?: string;
    /** Milliseconds to wait for the server to answer. */
    startTimeoutMs?: number;
    /** Extra JVM options, e.g. ['-Xmx512m']. */
    jvmOptions?: string[];
}
export interface DynamoDBLocal {
    endpoint: string;
    port: number;
    /** Listening on 127.0.0.1 only (false: on every interface, see above). */
    loopbackOnly: boolean;
    /** Stops the JVM and waits until it has exited. */
    stop(): Promise<void>;
}
/** Thrown when no `java` can be run; its message is one line that says what to do. */
export declare class JavaMissingError extends Error {
    constructor(java: string);
}
/** Checks that `java` runs; throws JavaMissingError otherwise. */
export declare function checkJava(java?: string): void;
export declare function freePort(): Promise<number>;
/**
 * Runs "$@" in the background and waits for it; a second background job waits for EOF on
 * the original stdin (fd 3: background jobs of a non-interactive shell get /dev/null as
 * stdin) and then kills the JVM. The shell exits with the JVM's status either way.
 */
export declare const GUARD_SCRIPT = "exec 3<&0; \"$@\" & j=$!; { read _ <&3; kill $j 2>/dev/null; } & r=$!; wait $j; s=$?; kill $r 2>/dev/null; exit $s";
/** Starts DynamoDB Local (fetching the jar on first use) and resolves once it answers. */
export declare function startDynamoDBLocal(options?: DynamoDBLocalOptions): Promise<DynamoDBLocal>;
