import readline from 'node:readline';

/** Thrown for a bad command line; the CLI prints its message as one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Reads a password: the first line of stdin when stdin is not a terminal (scripts pipe it in), else a
 * prompt on the terminal that echoes nothing, asked twice when `confirm`.
 */
export async function readPassword(prompt: string, confirm: boolean): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (!line)
      throw new UsageError(
        'no password on stdin: pipe it in, e.g. `printf %s "$PW" | npm run users -- add ...`',
      );
    return line;
  }
  const first = await promptHidden(prompt);
  if (confirm && (await promptHidden('again: ')) !== first) throw new UsageError('the two passwords differ');
  return first;
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(prompt);
    out._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
