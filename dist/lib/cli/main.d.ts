export interface CliIO {
    out: (text: string) => void;
    err: NodeJS.WritableStream & {
        isTTY?: boolean;
    };
    env: NodeJS.ProcessEnv;
    fetch?: typeof fetch;
}
/** Runs one CLI command; returns the exit code. */
export declare function runCli(argv: readonly string[], io: CliIO, readFile?: (path: string) => string): Promise<number>;
