import { describe, expect, it } from 'vitest';
import { PLAIN, triggeringContexts } from '../../test/support/check-fixtures';
import { cloneMachineId } from './clone-machine-id/clone-machine-id';
import { cloneRandomSeed } from './clone-random-seed/clone-random-seed';
import { cloneSshHostkey } from './clone-ssh-hostkey/clone-ssh-hostkey';
import { crngNotReady } from './crng-not-ready/crng-not-ready';
import { diskAioNativeNeedsDirect } from './disk-aio-native-needs-direct/disk-aio-native-needs-direct';
import { diskCachePolicy } from './disk-cache-policy/disk-cache-policy';
import { entropyLow } from './entropy-low/entropy-low';
import { hostKeyMismatch } from './host-key-mismatch/host-key-mismatch';
import { hostKeyUnknown } from './host-key-unknown/host-key-unknown';
import { rngDeviceMissing } from './rng-device-missing/rng-device-missing';
import { rngdNeeded } from './rngd-needed/rngd-needed';
import { targetUnreachable } from './target-unreachable/target-unreachable';
import type { RemediationContext } from './remedy/context';
import type { CheckHit, TypedCheck } from './types';

/** The remediation of a check's first hit in its triggering fixture, after an optional tweak. */
function run<F>(
  check: TypedCheck<F>,
  tweak?: (hit: CheckHit<F>, ctx: RemediationContext) => [CheckHit<F>, RemediationContext],
) {
  const make = triggeringContexts(PLAIN)[check.id];
  const ctx = make?.();
  const hit = ctx ? check.evaluate(ctx)[0] : undefined;
  if (!ctx || !hit) throw new Error(`the fixture of ${check.id} does not trigger it`);
  const [h, c] = tweak ? tweak(hit, ctx) : [hit, ctx];
  return check.remediation(h, c);
}
const commands = (r: ReturnType<typeof run>) => r.steps.map((s) => s.command ?? '');

describe('rng-device-missing', () => {
  it('writes the recommended <rng> with a quoted heredoc and hot-plugs it, falling back to --config', () => {
    const r = run(rngDeviceMissing);
    const xml =
      "<rng model='virtio'>\n  <rate bytes='1024' period='1000'/>\n  <backend model='random'>/dev/urandom</backend>\n</rng>";
    expect(r.steps[0]?.xml).toBe(xml);
    expect(r.steps[0]?.command).toBe(`cat > rng-device.xml <<'ENTROPY_WATCH_EOF'\n${xml}\nENTROPY_WATCH_EOF`);
    expect(commands(r).slice(1)).toEqual([
      'virsh -c qemu:///system attach-device --domain web-01 --file rng-device.xml --live --config',
      'virsh -c qemu:///system attach-device --domain web-01 --file rng-device.xml --config',
    ]);
    expect(r.steps[1]?.runOn).toBe('host kvm-01');
    expect(r.restartRequired).toBe(false);
  });

  it('only adds to the persistent config for a shut-off domain', () => {
    const r = run(rngDeviceMissing, (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, domainState: 'shut off' } },
      ctx,
    ]);
    expect(commands(r)[1]).toBe(
      'virsh -c qemu:///system attach-device --domain web-01 --file rng-device.xml --config',
    );
    expect(r.steps).toHaveLength(2);
  });

  it('falls back to qemu:///system and says so without the inventory entry', () => {
    const r = run(rngDeviceMissing, (hit, ctx) => [hit, { ...ctx, hostAccess: null }]);
    expect(r.steps[1]?.description).toMatch(/URI assumed: qemu:\/\/\/system/);
  });
});

describe('disk remediations', () => {
  it('give the exact corrected <driver/> line, a virsh edit and a cold boot (never virsh reboot)', () => {
    const r = run(diskAioNativeNeedsDirect);
    expect(r.steps[0]?.xml).toBe(
      "<driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'/>",
    );
    expect(commands(r)).toEqual([
      'virsh -c qemu:///system edit --domain web-01',
      'virsh -c qemu:///system shutdown --domain web-01',
      'virsh -c qemu:///system domstate --domain web-01',
      'virsh -c qemu:///system start --domain web-01',
    ]);
    expect(commands(r).join('\n')).not.toContain('reboot --domain');
    expect(r.restartRequired).toBe(true);
    expect(r.summary).toBe("web-01/vda: set cache='none' io='native'");
  });

  it('never suggests writethrough with native for a policy finding', () => {
    const r = run(diskCachePolicy);
    expect(r.steps[0]?.xml).toBe(
      "<driver name='qemu' type='qcow2' cache='writeback' io='threads' discard='unmap'/>",
    );
    expect(r.reason).toMatch(/writethrough \+ native/);
  });
});

describe('SSH host key remediations', () => {
  it('clone-ssh-hostkey: new keys, restart by family, verify, then re-pin with [addr]:port', () => {
    const r = run(cloneSshHostkey);
    expect(commands(r)[0]).toBe('rm -f /etc/ssh/ssh_host_* && ssh-keygen -A && systemctl restart ssh');
    expect(commands(r)).toContain("ssh-keygen -R '[192.0.2.10]:2222' -f /etc/entropy-watch/known_hosts");
    const rhel = run(cloneSshHostkey, (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, osId: 'rocky', osIdLike: [] } },
      ctx,
    ]);
    expect(commands(rhel)[0]).toBe('rm -f /etc/ssh/ssh_host_* && ssh-keygen -A && systemctl restart sshd');
  });

  it('host-key-mismatch verifies on the console before removing and re-pinning; never accepts blindly', () => {
    const r = run(hostKeyMismatch);
    const all = commands(r);
    const console = all.findIndex((c) => c.includes('ssh-keygen -lf "$f"'));
    const scan = all.findIndex((c) => c.startsWith('ssh-keyscan -p 2222 192.0.2.10 > new-host-key.txt'));
    const remove = all.findIndex((c) => c.startsWith('ssh-keygen -R'));
    const pin = all.findIndex((c) => c === 'cat new-host-key.txt >> /etc/entropy-watch/known_hosts');
    expect([console, scan, remove, pin].every((i) => i >= 0)).toBe(true);
    expect(console < scan && scan < remove && remove < pin).toBe(true);
    expect(all.join('\n')).not.toMatch(/StrictHostKeyChecking|accept-new/);
  });

  it('host-key-unknown scans, shows the fingerprint and pins without removing anything; port 22 has no brackets', () => {
    const r = run(hostKeyUnknown, (hit, ctx) => [
      hit,
      { ...ctx, targetAccess: { ...ctx.targetAccess!, port: 22 } },
    ]);
    expect(commands(r)).toEqual([
      'for f in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -lf "$f"; done',
      'ssh-keyscan -p 22 192.0.2.10 > new-host-key.txt 2>/dev/null && ssh-keygen -lf new-host-key.txt',
      'cat new-host-key.txt >> /etc/entropy-watch/known_hosts',
    ]);
  });

  it('a guest reached via a host is removed and pinned as VIA/[addr]:port, and tested with HostKeyAlias', () => {
    const r = run(hostKeyMismatch, (hit, ctx) => [
      hit,
      { ...ctx, targetAccess: { ...ctx.targetAccess!, via: 'kvm-01' } },
    ]);
    const all = commands(r);
    expect(all).toContain("ssh-keygen -R 'kvm-01/[192.0.2.10]:2222' -f /etc/entropy-watch/known_hosts");
    expect(all).toContain(
      "awk -v n='kvm-01/[192.0.2.10]:2222' '{ print n, $2, $3 }' new-host-key.txt >> /etc/entropy-watch/known_hosts",
    );
    const unreachable = run(targetUnreachable, (hit, ctx) => [
      hit,
      { ...ctx, targetAccess: { ...ctx.targetAccess!, via: 'kvm-01' } },
    ]);
    expect(commands(unreachable).at(-1)).toContain("-o 'HostKeyAlias=kvm-01/[192.0.2.10]:2222'");
  });
});

describe('guest-side remediations', () => {
  it('suggests random.trust_cpu only with RDRAND on 4.19+', () => {
    const withRdrand = run(entropyLow);
    expect(commands(withRdrand).join('\n')).toContain('random.trust_cpu=on');
    const noRdrand = run(entropyLow, (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, cpuRdrand: false } },
      ctx,
    ]);
    expect(commands(noRdrand).join('\n')).not.toContain('trust_cpu');
    const old = run(rngdNeeded, (hit, ctx) => [{ ...hit, facts: { ...hit.facts, cpuRdrand: true } }, ctx]);
    // 3.10 predates random.trust_cpu (4.19).
    expect(commands(old).join('\n')).not.toContain('trust_cpu');
  });

  it('entropy-low on 5.6+ (info) only points at /dev/random readers', () => {
    const r = run(entropyLow, (hit, ctx) => [{ ...hit, facts: { ...hit.facts, randomBlocks: false } }, ctx]);
    expect(commands(r)).toEqual(['lsof /dev/random']);
  });

  it('crng-not-ready on a guest that already has an <rng> trusts RDRAND and needs a reboot', () => {
    const r = run(crngNotReady, (hit, ctx) => [{ ...hit, facts: { ...hit.facts, hasRngDevice: true } }, ctx]);
    expect(r.restartRequired).toBe(true);
    expect(commands(r)).toContain('reboot');
  });

  it('clone-machine-id regenerates with systemd-machine-id-setup (dbus-uuidgen on Alpine)', () => {
    // First the console check (a guest can report any id), then the fix.
    expect(commands(run(cloneMachineId))[0]).toBe('cat /etc/machine-id');
    expect(commands(run(cloneMachineId))[1]).toBe('rm -f /etc/machine-id && systemd-machine-id-setup');
    const alpine = run(cloneMachineId, (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, osId: 'alpine' } },
      ctx,
    ]);
    expect(commands(alpine)[1]).toBe('rm -f /etc/machine-id && dbus-uuidgen --ensure=/etc/machine-id');
  });

  it('clone-random-seed adds <genid/> for a guest without one', () => {
    const without = run(cloneRandomSeed, (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, hasGenid: false } },
      ctx,
    ]);
    expect(without.steps.find((s) => s.xml)?.xml).toBe('<genid/>');
    expect(run(cloneRandomSeed).steps.some((s) => s.xml)).toBe(false);
  });

  it('target-unreachable jumps through the host for guests reached via it', () => {
    const r = run(targetUnreachable, (hit, ctx) => [
      hit,
      { ...ctx, targetAccess: { ...ctx.targetAccess!, via: 'kvm-01' } },
    ]);
    expect(commands(r).at(-1)).toContain('-J ssh://monitor@192.0.2.10:2222');
  });
});
