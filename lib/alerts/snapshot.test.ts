import { describe, expect, it } from 'vitest';
import { findingSnapshot, type FindingRow } from './snapshot';

const row: FindingRow = {
  id: 7,
  rule: 'crng-not-ready',
  subject: '',
  severity: 'warning',
  state: 'open',
  summary: 's',
  detail: 'd',
  remediation: JSON.stringify({
    summary: 'Add a virtio-rng device',
    reason: 'r',
    steps: [],
    restartRequired: true,
  }),
  openedAt: new Date(0),
  resolvedAt: null,
  target: { name: 'web-01', kind: 'guest', host: { name: 'kvm-01' } },
};

describe('findingSnapshot', () => {
  it('takes the target, host and remediation summary from the row', () => {
    expect(findingSnapshot(row)).toMatchObject({
      id: 7,
      target: 'web-01',
      host: 'kvm-01',
      severity: 'warning',
      remediation: { summary: 'Add a virtio-rng device', restartRequired: true },
    });
  });

  it('still alerts for a row that breaks the contract: unknown severity → critical, bad remediation explained', () => {
    const s = findingSnapshot({
      ...row,
      severity: 'bogus',
      remediation: '{',
      target: { ...row.target, host: null },
    });
    expect(s.severity).toBe('critical');
    expect(s.host).toBeNull();
    expect(s.remediation).toEqual({
      summary: '(remediation of finding 7 is unreadable; see the dashboard)',
      restartRequired: false,
    });
  });
});
