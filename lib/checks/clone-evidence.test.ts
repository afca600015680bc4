// Clone evidence a guest cannot forge for another machine (issue 11): handshake keys, not .pub files;
// self-reported identities never flag a host on a guest's word; one index per cycle.
import { describe, expect, it } from 'vitest';
import { cloneMachineId } from './clone-machine-id/clone-machine-id';
import { cloneRandomSeed } from './clone-random-seed/clone-random-seed';
import { cloneSshHostkey } from './clone-ssh-hostkey/clone-ssh-hostkey';
import { context, hostTarget, observation, target } from '../../test/support/check-builders';
import type { CheckContext, TargetState } from './types';

const HOST_FP = 'SHA256:hostkeyhostkeyhostkeyhostkeyhostkeyhostkey0';
const GUEST_FP = 'SHA256:guestkeyguestkeyguestkeyguestkeyguestkey000';
const key = (fingerprint: string) => ({ type: 'ssh-ed25519', fingerprint });
const ID = '0f6d1c2e9a8b4c7d8e9f0a1b2c3d4e5f';
const SEED = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

const on = (t: TargetState, fleet: TargetState[]): CheckContext =>
  context({
    target: t,
    fleet,
    host: t.kind === 'guest' ? (fleet.find((f) => f.kind === 'host') ?? null) : null,
  });

describe('clone-ssh-hostkey: only keys presented in the handshake are evidence', () => {
  it("raises nothing when a guest copies its host's public key into its own .pub files", () => {
    const host = hostTarget({
      name: 'kvm-01',
      observation: observation({ sshHostKeys: [key(HOST_FP)], presentedHostKey: key(HOST_FP) }),
    });
    const guests = ['evil-1', 'evil-2'].map((name) =>
      target({
        name,
        hostName: 'kvm-01',
        observation: observation({
          sshHostKeys: [key(HOST_FP), key(GUEST_FP)],
          presentedHostKey: key(`SHA256:${name}-own-key-000000000000000000000000`),
        }),
      }),
    );
    const fleet = [host, ...guests];
    for (const t of fleet) expect(cloneSshHostkey.evaluate(on(t, fleet)), t.name).toEqual([]);
  });

  it('flags real clones (same handshake key) on both sides and notes the .pub corroboration', () => {
    const a = target({
      name: 'a',
      observation: observation({ sshHostKeys: [key(GUEST_FP)], presentedHostKey: key(GUEST_FP) }),
    });
    const b = target({
      name: 'b',
      observation: observation({ sshHostKeys: [], presentedHostKey: key(GUEST_FP) }),
    });
    const fleet = [a, b];
    const [hitA] = cloneSshHostkey.evaluate(on(a, fleet));
    const [hitB] = cloneSshHostkey.evaluate(on(b, fleet));
    expect(hitA?.facts).toMatchObject({
      fingerprint: GUEST_FP,
      others: ['b'],
      othersCount: 1,
      inOwnPubFiles: true,
    });
    expect(hitB?.facts).toMatchObject({ others: ['a'], inOwnPubFiles: false });
  });

  it('uses the local target’s own files (read without a guest in between), and nothing without a handshake key', () => {
    const local = target({
      name: 'here',
      kind: 'local',
      hostName: null,
      observation: observation({ sshHostKeys: [key(HOST_FP)] }),
    });
    const clone = target({ name: 'copy', observation: observation({ presentedHostKey: key(HOST_FP) }) });
    const old = target({ name: 'old', observation: observation({ sshHostKeys: [key(HOST_FP)] }) });
    const fleet = [local, clone, old];
    expect(cloneSshHostkey.evaluate(on(local, fleet)).map((h) => h.facts.others)).toEqual([['copy']]);
    expect(cloneSshHostkey.evaluate(on(old, fleet))).toEqual([]);
  });

  it('names at most 16 others and counts the rest', () => {
    const fleet = Array.from({ length: 40 }, (_, i) =>
      target({
        name: `c${String(i).padStart(2, '0')}`,
        observation: observation({ presentedHostKey: key(GUEST_FP) }),
      }),
    );
    const [hit] = cloneSshHostkey.evaluate(on(fleet[0]!, fleet));
    expect(hit?.facts.others).toHaveLength(16);
    expect(hit?.facts.othersCount).toBe(39);
    expect(hit?.summary).toContain('and 23 more');
  });
});

describe('self-reported identities never flag a host on a guest’s word', () => {
  const host = (name: string) =>
    hostTarget({ name, observation: observation({ machineId: ID, randomSeedSha256: SEED }) });
  const guest = (name: string) =>
    target({ name, hostName: 'kvm-01', observation: observation({ machineId: ID, randomSeedSha256: SEED }) });

  it('flags the guests that claim a host’s machine-id and seed, never the host', () => {
    const fleet = [host('kvm-01'), guest('evil-1'), guest('evil-2')];
    for (const check of [cloneMachineId, cloneRandomSeed]) {
      expect(check.evaluate(on(fleet[0]!, fleet)), check.id).toEqual([]);
      expect(
        check.evaluate(on(fleet[1]!, fleet)).map((h) => h.facts.others),
        check.id,
      ).toEqual([['evil-2', 'kvm-01']]);
    }
  });

  it('flags two hosts that share an id (neither is a guest claim)', () => {
    const fleet = [host('kvm-01'), host('kvm-02'), guest('g')];
    expect(cloneMachineId.evaluate(on(fleet[0]!, fleet)).map((h) => h.facts.others)).toEqual([
      ['g', 'kvm-02'],
    ]);
  });

  it('starts every fix with verifying on this machine’s console', () => {
    const fleet = [guest('a'), guest('b')];
    const ctx = on(fleet[0]!, fleet) as Parameters<typeof cloneMachineId.remediation>[1];
    const firstSteps = [
      cloneMachineId.remediation(cloneMachineId.evaluate(ctx)[0]!, ctx).steps[0],
      cloneRandomSeed.remediation(cloneRandomSeed.evaluate(ctx)[0]!, ctx).steps[0],
    ];
    for (const first of firstSteps) {
      expect(first?.description).toMatch(/^First verify on the console of a /);
      expect(first?.runOn).toMatch(/\(console\)$/);
    }
  });
});

describe('clone matching is one index per cycle', () => {
  it('judges 5,000 targets sharing one key with one index (each finding names 16 others)', () => {
    const fleet = Array.from({ length: 5000 }, (_, i) =>
      target({ name: `t${i}`, observation: observation({ presentedHostKey: key(GUEST_FP), machineId: ID }) }),
    );
    let findings = 0;
    for (const t of fleet) {
      const ctx = on(t, fleet);
      findings += cloneSshHostkey.evaluate(ctx).length + cloneMachineId.evaluate(ctx).length;
    }
    expect(findings).toBe(10_000);
  });
});
