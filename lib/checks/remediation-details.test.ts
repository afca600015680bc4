import { describe, expect, it } from 'vitest';
import { remediate } from './registry';
import { PLAIN, triggeredHit } from './test-fixtures';
import type { RemediationContext } from './context';
import type { RuleHit } from '../rules/types';

function run(
  ruleId: string,
  tweak?: (hit: RuleHit, ctx: RemediationContext) => [RuleHit, RemediationContext],
) {
  const t = triggeredHit(ruleId, PLAIN);
  const [hit, ctx] = tweak ? tweak(t.hit, t.ctx) : [t.hit, t.ctx];
  return remediate(ruleId, hit, ctx);
}
const commands = (r: ReturnType<typeof run>) => r.steps.map((s) => s.command ?? '');

describe('rng-device-missing', () => {
  it('writes the recommended <rng> with a quoted heredoc and hot-plugs it, falling back to --config', () => {
    const r = run('rng-device-missing');
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
    const r = run('rng-device-missing', (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, domainState: 'shut off' } },
      ctx,
    ]);
    expect(commands(r)[1]).toBe(
      'virsh -c qemu:///system attach-device --domain web-01 --file rng-device.xml --config',
    );
    expect(r.steps).toHaveLength(2);
  });

  it('falls back to qemu:///system and says so without the inventory entry', () => {
    const r = run('rng-device-missing', (hit, ctx) => [hit, { ...ctx, hostAccess: null }]);
    expect(r.steps[1]?.description).toMatch(/URI assumed: qemu:\/\/\/system/);
  });

  it('refuses a finding without the domain fact', () => {
    expect(() => run('rng-device-missing', (hit, ctx) => [{ ...hit, facts: {} }, ctx])).toThrow(
      /needs fact "domain"/,
    );
  });
});

describe('disk remediations', () => {
  it('give the exact corrected <driver/> line, a virsh edit and a cold boot (never virsh reboot)', () => {
    const r = run('disk-aio-native-needs-direct');
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
    const r = run('disk-cache-policy');
    expect(r.steps[0]?.xml).toBe(
      "<driver name='qemu' type='qcow2' cache='writeback' io='threads' discard='unmap'/>",
    );
    expect(r.reason).toMatch(/writethrough \+ native/);
  });
});

describe('SSH host key remediations', () => {
  it('clone-ssh-hostkey: new keys, restart by family, verify, then re-pin with [addr]:port', () => {
    const r = run('clone-ssh-hostkey');
    expect(commands(r)[0]).toBe('rm -f /etc/ssh/ssh_host_* && ssh-keygen -A && systemctl restart ssh');
    expect(commands(r)).toContain("ssh-keygen -R '[192.0.2.10]:2222' -f /etc/entropy-watch/known_hosts");
    const rhel = run('clone-ssh-hostkey', (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, osId: 'rocky', osIdLike: [] } },
      ctx,
    ]);
    expect(commands(rhel)[0]).toBe('rm -f /etc/ssh/ssh_host_* && ssh-keygen -A && systemctl restart sshd');
  });

  it('host-key-mismatch verifies on the console before removing and re-pinning; never accepts blindly', () => {
    const r = run('host-key-mismatch');
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
    const r = run('host-key-unknown', (hit, ctx) => [
      hit,
      { ...ctx, targetAccess: { ...ctx.targetAccess!, port: 22 } },
    ]);
    expect(commands(r)).toEqual([
      'for f in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -lf "$f"; done',
      'ssh-keyscan -p 22 192.0.2.10 > new-host-key.txt 2>/dev/null && ssh-keygen -lf new-host-key.txt',
      'cat new-host-key.txt >> /etc/entropy-watch/known_hosts',
    ]);
  });
});

describe('guest-side remediations', () => {
  it('suggests random.trust_cpu only with RDRAND on 4.19+', () => {
    const withRdrand = run('entropy-low');
    expect(commands(withRdrand).join('\n')).toContain('random.trust_cpu=on');
    const noRdrand = run('entropy-low', (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, cpuRdrand: false } },
      ctx,
    ]);
    expect(commands(noRdrand).join('\n')).not.toContain('trust_cpu');
    const old = run('rngd-needed', (hit, ctx) => [{ ...hit, facts: { ...hit.facts, cpuRdrand: true } }, ctx]);
    // 3.10 predates random.trust_cpu (4.19).
    expect(commands(old).join('\n')).not.toContain('trust_cpu');
  });

  it('entropy-low on 5.6+ (info) only points at /dev/random readers', () => {
    const r = run('entropy-low', (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, randomBlocks: false } },
      ctx,
    ]);
    expect(commands(r)).toEqual(['lsof /dev/random']);
  });

  it('crng-not-ready on a guest that already has an <rng> trusts RDRAND and needs a reboot', () => {
    const r = run('crng-not-ready', (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, hasRngDevice: true } },
      ctx,
    ]);
    expect(r.restartRequired).toBe(true);
    expect(commands(r)).toContain('reboot');
  });

  it('clone-machine-id regenerates with systemd-machine-id-setup (dbus-uuidgen on Alpine)', () => {
    expect(commands(run('clone-machine-id'))[0]).toBe('rm -f /etc/machine-id && systemd-machine-id-setup');
    const alpine = run('clone-machine-id', (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, osId: 'alpine' } },
      ctx,
    ]);
    expect(commands(alpine)[0]).toBe('rm -f /etc/machine-id && dbus-uuidgen --ensure=/etc/machine-id');
  });

  it('clone-random-seed adds <genid/> for a guest without one', () => {
    const r = run('clone-random-seed');
    expect(r.steps.find((s) => s.xml)?.xml).toBe('<genid/>');
    const withGenid = run('clone-random-seed', (hit, ctx) => [
      { ...hit, facts: { ...hit.facts, hasGenid: true } },
      ctx,
    ]);
    expect(withGenid.steps.some((s) => s.xml)).toBe(false);
  });

  it('target-unreachable jumps through the host for guests reached via it', () => {
    const r = run('target-unreachable', (hit, ctx) => [
      hit,
      { ...ctx, targetAccess: { ...ctx.targetAccess!, via: 'kvm-01' } },
    ]);
    expect(commands(r).at(-1)).toContain('-J ssh://monitor@192.0.2.10:2222');
  });
});
