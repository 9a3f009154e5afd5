/**
 * A one-line progress bar on a stream (stderr by default): redrawn in place on a terminal,
 * printed every 10 % otherwise (logs, CI), finished with a newline.
 */
export declare class ProgressBar {
    private readonly total;
    private readonly label;
    private readonly stream;
    private readonly width;
    private current;
    private lastDecile;
    private readonly started;
    constructor(total: number, label: string, stream?: NodeJS.WritableStream & {
        isTTY?: boolean;
    }, width?: number);
    render(): string;
    update(current: number): void;
    finish(): void;
}
