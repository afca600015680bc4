import { describe, expect, it } from 'vitest';
import { observation } from '../../test/support/check-builders';
import type { CycleReport } from './cycle';
import { formatCycleTable } from './format-table';

const OSC52 = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';

function report(rngCurrent: string, error: string | null): CycleReport {
  return {
    runId: 7,
    startedAt: new Date(0),
    durationMs: 12,
    pollMs: 10,
    findings: { opened: 0, updated: 0, resolved: 0 },
    rows: [
      {
        target: 'web-01',
        kind: 'guest',
        status: error ? 'probe-failed' : 'ok',
        error,
        durationMs: 10,
        observation: observation({ rngCurrent, entropyAvail: 256, poolsize: 256 }),
      },
    ],
  };
}

describe('formatCycleTable', () => {
  it('prints guest text with its control characters escaped (an OSC 52 clipboard write stays inert)', () => {
    const out = formatCycleTable(report(`virtio${OSC52}`, `stderr: \u001b[2Jgone\r\u202eevil`), new Map());
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(out).toContain('virtio\\e]52;c;ZWNobyBwd25lZA==\\x07');
    expect(out).toContain('\\e[2Jgone \\u202eevil');
  });
});
