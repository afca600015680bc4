/**
 * Collects a script's stdout and stderr up to a byte cap. Chunks are kept in arrays and joined once, so a
 * connection holds no buffer that grows by copying; past the cap everything is dropped and `onOverflow` runs.
 */
export class OutputCollector {
  private out: Buffer[] = [];
  private err: Buffer[] = [];
  private bytes = 0;
  overflowed = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onOverflow: () => void,
  ) {}

  stdout = (chunk: Buffer): void => this.add(this.out, chunk);
  stderr = (chunk: Buffer): void => this.add(this.err, chunk);

  private add(list: Buffer[], chunk: Buffer): void {
    if (this.overflowed) return;
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.overflowed = true;
      this.out = [];
      this.err = [];
      this.onOverflow();
      return;
    }
    list.push(chunk);
  }

  /** The collected output as UTF-8 text. */
  text(): { stdout: string; stderr: string } {
    return {
      stdout: Buffer.concat(this.out).toString('utf8'),
      stderr: Buffer.concat(this.err).toString('utf8'),
    };
  }
}
