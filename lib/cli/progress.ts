/**
 * A one-line progress bar on a stream (stderr by default): redrawn in place on a terminal,
 * printed every 10 % otherwise (logs, CI), finished with a newline.
 */
export class ProgressBar {
  private current = 0;
  private lastDecile = -1;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
    private readonly width = 30,
  ) {}

  render(): string {
    const ratio = this.total === 0 ? 1 : Math.min(1, this.current / this.total);
    const filled = Math.round(ratio * this.width);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${Math.round(ratio * 100)}% ${this.current}/${this.total} ${seconds}s`;
  }

  update(current: number): void {
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

  finish(): void {
    this.update(this.total);
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
