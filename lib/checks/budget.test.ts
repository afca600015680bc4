import { describe, expect, it } from 'vitest';
import { MAX_FINDINGS_PER_CHECK, WITHHELD_SUBJECT, withinBudget } from './budget';
import { evaluateTarget } from './evaluate';
import { probeOutputInvalid } from './probe-output-invalid/probe-output-invalid';
import { cloneSshHostkey } from './clone-ssh-hostkey/clone-ssh-hostkey';
import { context, observation, statuses, target } from '../../test/support/check-builders';
import type { JudgedHit } from './types';

const hit = (subject: string, severity: JudgedHit['severity'] = 'warning'): JudgedHit => ({
  subject,
  severity,
  summary: subject,
  detail: subject,
  remediation: () => ({ summary: '', reason: '', steps: [], restartRequired: false }),
});
const check = { id: 'x-check', title: 'X check' };

describe('withinBudget', () => {
  it('keeps up to 32 hits as they are', () => {
    const hits = Array.from({ length: 32 }, (_, i) => hit(`s${i}`));
    expect(withinBudget(check, hits)).toBe(hits);
  });

  it('keeps the 32 most severe (then by subject) and adds one summary saying how many were withheld', () => {
    const hits = [
      ...Array.from({ length: 40 }, (_, i) => hit(`w${String(i).padStart(2, '0')}`)),
      hit('z-critical', 'critical'),
    ];
    const kept = withinBudget(check, hits);
    expect(kept).toHaveLength(MAX_FINDINGS_PER_CHECK + 1);
    expect(kept[0]?.subject).toBe('z-critical');
    expect(kept[31]?.subject).toBe('w30');
    expect(kept[32]).toMatchObject({
      subject: WITHHELD_SUBJECT,
      severity: 'warning',
      summary: '9 more x-check findings withheld (at most 32 per target and check per cycle)',
    });
    expect(kept[32]?.remediation().steps).toHaveLength(1);
  });
});

describe('evaluateTarget applies the budget per check', () => {
  it('turns 1,000 clone partners of 40 distinct keys into 32 findings and a summary', () => {
    // A target that (really) shares 40 keys: only the handshake key counts, so use 40 local keys.
    const keys = Array.from({ length: 40 }, (_, i) => ({ type: 'ssh-ed25519', fingerprint: `SHA256:k${i}` }));
    const me = target({
      name: 'me',
      kind: 'local',
      hostName: null,
      observation: observation({ sshHostKeys: keys }),
    });
    const others = keys.map((k, i) =>
      target({ name: `o${i}`, observation: observation({ presentedHostKey: k }) }),
    );
    const results = evaluateTarget(context({ target: me, fleet: [me, ...others], host: null }) as never, [
      cloneSshHostkey,
    ]);
    expect(results).toHaveLength(33);
    expect(results.at(-1)?.hit.summary).toMatch(/^8 more clone-ssh-hostkey findings withheld/);
  });
});

describe('probe-output-invalid names each field the input policy refused', () => {
  it('one warning per refused field, nothing for fields merely missing', () => {
    const t = target({
      observation: observation({
        kernelRelease: null,
        fieldErrors: {
          kernelRelease: 'refused: kernel release is too long (204800 characters, at most 64)',
          sshHostKeys: 'refused: too many host keys (1200, at most 16)',
          rngQuality: 'missing',
        },
      }),
      recentStatuses: statuses('ok', 'ok', 'ok'),
    });
    const hits = probeOutputInvalid.evaluate(context({ target: t }));
    expect(hits.map((h) => [h.subject, h.severity])).toEqual([
      ['refused:kernelRelease', 'warning'],
      ['refused:sshHostKeys', 'warning'],
    ]);
    expect(hits[0]?.summary).toBe(
      'probe field kernelRelease refused: kernel release is too long (204800 characters, at most 64)',
    );
    const plan = probeOutputInvalid.remediation(hits[1]!, context({ target: t }) as never);
    expect(plan.steps[0]?.description).toMatch(/every other field of .* is still judged/);
  });
});
