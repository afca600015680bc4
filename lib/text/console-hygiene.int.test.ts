// A real process: after installConsoleHygiene, whatever console.log/warn/error print reaches the
// terminal (here, a pipe) with control characters escaped.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const program = `
import { installConsoleHygiene } from './lib/text/console-hygiene.ts';
installConsoleHygiene();
installConsoleHygiene();
console.log('rng %s', 'virtio\\u001b]52;c;cHduZWQ=\\u0007');
console.error(new Error('ssh said \\u001b[2J\\u202e'));
console.warn({ kernel: '6.1\\u009b' });
`;

describe('installConsoleHygiene', () => {
  it('escapes control characters in console.log, console.error (stack traces keep their lines) and console.warn', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('rng virtio\\e]52;c;cHduZWQ=\\x07\n');
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(r.stderr).toContain('Error: ssh said \\e[2J\\u202e\n    at ');
    // util.inspect escapes C1 in strings itself; either way nothing raw gets through.
    expect(r.stderr).toMatch(/kernel: '6\.1\\x9b'/i);
  });
});
