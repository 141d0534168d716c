/**
 * A progress bar for long CLI runs, drawn on stderr only when it is a
 * terminal: piped or captured output gets the final summary alone.
 */
const WIDTH = 30;

export class ProgressBar {
  private readonly enabled: boolean;

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = stream.isTTY === true && total > 0;
  }

  update(done: number): void {
    if (!this.enabled) return;
    const ratio = Math.min(1, done / this.total);
    const filled = Math.round(ratio * WIDTH);
    this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${this.total}`);
  }

  finish(): void {
    if (this.enabled) this.stream.write('\n');
  }
}
