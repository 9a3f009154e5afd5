/**
 * A one-line progress bar on a stream (stderr by default): redrawn in place on a terminal,
 * printed every 10 % otherwise (logs, CI), finished with a newline.
 */
export class ProgressBar {
    total;
    label;
    stream;
    width;
    current = 0;
    lastDecile = -1;
    started = Date.now();
    constructor(total, label, stream = process.stderr, width = 30) {
        this.total = total;
        this.label = label;
        this.stream = stream;
        this.width = width;
    }
    render() {
        const ratio = this.total === 0 ? 1 : Math.min(1, this.current / this.total);
        const filled = Math.round(ratio * this.width);
        const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
        return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${Math.round(ratio * 100)}% ${this.current}/${this.total} ${seconds}s`;
    }
    update(current) {
        this.current = current;
        if (this.stream.isTTY) {
            this.stream.write(`\r${this.render()}`);
            return;
        }
        const decile = this.total === 0 ? 10 : Math.floor((Math.min(current, this.total) / this.total) * 10);
        if (decile !== this.lastDecile) {
            this.lastDecile = decile;
            this.stream.write(`${this.render()}\n`);
        }
    }
    finish() {
        this.update(this.total);
        if (this.stream.isTTY)
            this.stream.write('\n');
    }
}
