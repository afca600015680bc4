import { describe, expect, it } from 'vitest';
import { foldFindingCounts, muteState, type FindingCountRow } from './finding-mute';
import { deriveTargetStatus } from './target-status';

const NOW = new Date('2026-11-21T12:00:00Z');
const later = new Date(NOW.getTime() + 3_600_000);
const earlier = new Date(NOW.getTime() - 1);
const row = (r: Partial<FindingCountRow>): FindingCountRow => ({
  targetId: 1,
  severity: 'critical',
  acceptedReason: null,
  silenceExpiresAt: null,
  n: 1,
  ...r,
});

describe('muteState', () => {
  it('is silenced only while the silence has not expired, and accepted whatever the silence', () => {
    expect(muteState({ acceptedReason: null, silenceExpiresAt: later }, NOW)).toBe('silenced');
    expect(muteState({ acceptedReason: null, silenceExpiresAt: NOW }, NOW)).toBeNull();
    expect(muteState({ acceptedReason: null, silenceExpiresAt: null }, NOW)).toBeNull();
    expect(muteState({ acceptedReason: 'policy', silenceExpiresAt: later }, NOW)).toBe('accepted');
  });

  it('waiting for a cold boot wins over a silence, accepted wins over both', () => {
    const waiting = { acceptedReason: null, silenceExpiresAt: later, pendingColdBoot: true };
    expect(muteState(waiting, NOW)).toBe('waitingColdBoot');
    expect(muteState({ ...waiting, acceptedReason: 'policy' }, NOW)).toBe('accepted');
    expect(muteState({ ...waiting, pendingColdBoot: false }, NOW)).toBe('silenced');
  });
});

describe('foldFindingCounts: status and colour with silenced and accepted findings', () => {
  it('a silenced critical finding leaves the target ok and is counted as silenced', () => {
    const c = foldFindingCounts([row({ silenceExpiresAt: later })], NOW).get(1)!;
    expect(c).toEqual({
      open: { critical: 0, warning: 0, info: 0 },
      silenced: 1,
      accepted: 0,
      waitingColdBoot: 0,
    });
    expect(deriveTargetStatus(c.open)).toBe('ok');
  });

  it('an accepted warning does not colour the target; an unmuted one beside it does', () => {
    const c = foldFindingCounts(
      [row({ severity: 'warning', acceptedReason: 'CI' }), row({ severity: 'warning', n: 2, targetId: 2 })],
      NOW,
    );
    expect(deriveTargetStatus(c.get(1)!.open)).toBe('ok');
    expect(c.get(1)!.accepted).toBe(1);
    expect(deriveTargetStatus(c.get(2)!.open)).toBe('warning');
  });

  it('once the silence has expired the finding counts again and the target turns red', () => {
    const c = foldFindingCounts(
      [row({ silenceExpiresAt: earlier, n: 3 }), row({ severity: 'info' })],
      NOW,
    ).get(1)!;
    expect(c.open).toEqual({ critical: 3, warning: 0, info: 1 });
    expect(c.silenced).toBe(0);
    expect(deriveTargetStatus(c.open)).toBe('critical');
  });

  it('a critical finding waiting for a cold boot is counted apart and leaves the target ok', () => {
    const c = foldFindingCounts(
      [row({ pendingColdBoot: true }), row({ severity: 'warning', pendingColdBoot: false })],
      NOW,
    ).get(1)!;
    expect(c.waitingColdBoot).toBe(1);
    expect(c.open).toEqual({ critical: 0, warning: 1, info: 0 });
    expect(deriveTargetStatus(c.open)).toBe('warning');
  });
});
