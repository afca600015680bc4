import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stepResult, stepScript } from './step-script';

const sh = (script: string) => spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' }).stdout;

describe('step script', () => {
  it('reports the exit code of a silent failure and the output of a pipeline', () => {
    expect(stepResult('false', sh(stepScript('false')))).toEqual({
      command: 'false',
      exitCode: 1,
      output: '',
    });
    const cmd = "printf '%s\\n' a | cat; echo err >&2; exit 3";
    expect(stepResult(cmd, sh(stepScript(cmd)))).toEqual({ command: cmd, exitCode: 3, output: 'a\nerr\n' });
    expect(execFileSync('/bin/sh', ['-c', stepScript('true')], { encoding: 'utf8' })).toBe(
      '\nEW-STEP-EXIT 0\n',
    );
  });

  it('has no exit code when the marker is missing (the output was cut short)', () => {
    expect(stepResult('x', 'partial')).toEqual({ command: 'x', exitCode: null, output: 'partial' });
  });
});
