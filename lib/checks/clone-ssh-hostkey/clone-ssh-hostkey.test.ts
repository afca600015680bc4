import { describe, expect, it } from 'vitest';
import { cloneSshHostkey } from './clone-ssh-hostkey';
import { context, observation, target } from '../../../test/support/check-builders';
import type { Observation, CheckContext } from '../types';

const FP = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
const key = (fingerprint: string) => ({ type: 'ssh-ed25519', fingerprint });

function fleet(...patches: Partial<Observation>[]): CheckContext {
  const targets = patches.map((p, i) => target({ name: `g${i + 1}`, observation: observation(p) }));
  return context({ target: targets[0], fleet: targets, host: null });
}

describe('clone-ssh-hostkey', () => {
  it('is critical with the fingerprint as subject and the other targets named', () => {
    const hits = cloneSshHostkey.evaluate(
      fleet({ presentedHostKey: key(FP) }, { presentedHostKey: key(FP) }, { presentedHostKey: key(FP) }),
    );
    expect(hits).toEqual([expect.objectContaining({ subject: FP, severity: 'critical' })]);
    expect(hits[0]?.facts).toMatchObject({ others: ['g2', 'g3'], keyType: 'ssh-ed25519' });
    expect(hits[0]?.summary).toContain('nThbg6kX');
  });

  it('is silent for a singleton and for distinct keys', () => {
    expect(cloneSshHostkey.evaluate(fleet({ presentedHostKey: key(FP) }))).toEqual([]);
    expect(
      cloneSshHostkey.evaluate(
        fleet({ presentedHostKey: key(FP) }, { presentedHostKey: key('SHA256:other') }),
      ),
    ).toEqual([]);
  });

  it('ignores targets never reached', () => {
    const ctx = fleet({ presentedHostKey: key(FP) });
    ctx.fleet.push(target({ name: 'dark', observation: null }));
    expect(cloneSshHostkey.evaluate(ctx)).toEqual([]);
  });
});
