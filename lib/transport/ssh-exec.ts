import type { Client, ClientChannel } from 'ssh2';
import { OutputTooLargeError } from './errors';
import { OutputCollector } from './output';

export interface ScriptOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
}

export interface RunningScript {
  done: Promise<ScriptOutput>;
  /** closes the channel (the connection stays usable) */
  abort(): void;
}

/** Runs `script` through `/bin/sh -s` on a ready client: the script goes to stdin, so no quoting is involved. */
export function execScript(client: Client, script: string, maxBytes: number): RunningScript {
  let channel: ClientChannel | null = null;
  let aborted = false;
  const done = new Promise<ScriptOutput>((resolve, reject) => {
    const output = new OutputCollector(maxBytes, () => {
      channel?.close();
      reject(new OutputTooLargeError(maxBytes));
    });
    // Throws "Not connected" synchronously when the connection died since the last cycle.
    client.exec('/bin/sh -s', (err, stream) => {
      if (err) return reject(err);
      channel = stream;
      if (aborted) return stream.close();
      let exitCode: number | null = null;
      let signal: string | null = null;
      stream.on('data', output.stdout);
      stream.stderr.on('data', output.stderr);
      stream.on('exit', (code: number | null, sig?: string) => {
        exitCode = typeof code === 'number' ? code : null;
        signal = sig ?? null;
      });
      stream.on('error', reject);
      stream.on('close', () => {
        if (!output.overflowed) resolve({ ...output.text(), exitCode, signal });
      });
      stream.end(script);
    });
  });
  return {
    done,
    abort() {
      aborted = true;
      channel?.close();
    },
  };
}
