import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  coldBootCommands,
  coldBootScript,
  EXIT_STILL_RUNNING,
  MARK,
  type ColdBootTarget,
} from './cold-boot-steps';

const libvirt: ColdBootTarget = { platform: 'libvirt', domain: 'web-01', uri: 'qemu:///system', vmid: null };
const pve: ColdBootTarget = { platform: 'proxmox', domain: 'web-01', uri: '', vmid: 101 };
const syntaxOk = (script: string) => spawnSync('sh', ['-n'], { input: script }).status === 0;

describe('coldBootScript', () => {
  it('libvirt without force-off: shutdown, bounded wait, start; gives up (exit 4) instead of destroying', () => {
    const s = coldBootScript(libvirt, { waitSeconds: 30, forceOff: false });
    expect(syntaxOk(s)).toBe(true);
    expect(s).toContain('virsh -c qemu:///system shutdown --domain web-01');
    expect(s).toContain('while [ "$i" -lt 30 ]');
    expect(s).toContain(`exit ${EXIT_STILL_RUNNING}`);
    expect(s).not.toContain('destroy');
    expect(s.indexOf('shutdown')).toBeLessThan(
      s.lastIndexOf('virsh -c qemu:///system start --domain web-01'),
    );
  });

  it('libvirt with force-off: destroy only after the wait, marked in the output', () => {
    const s = coldBootScript(libvirt, { waitSeconds: 5, forceOff: true });
    expect(syntaxOk(s)).toBe(true);
    expect(s).toContain(
      `echo "${MARK} forced-off after $i s (state was $state)"; virsh -c qemu:///system destroy --domain web-01`,
    );
    expect(s).not.toContain(`exit ${EXIT_STILL_RUNNING}`);
  });

  it('quotes a hostile domain name and URI as single words', () => {
    const s = coldBootScript(
      { ...libvirt, domain: "x'; rm -rf / #", uri: 'qemu+ssh://h/system?a=$(id)' },
      { waitSeconds: 1, forceOff: true },
    );
    expect(syntaxOk(s)).toBe(true);
    expect(s).toContain(`--domain 'x'\\''; rm -rf / #'`);
    expect(s).toContain(`-c 'qemu+ssh://h/system?a=$(id)'`);
  });

  it('Proxmox VE: qm shutdown with its timeout, --forceStop 1 only when chosen, then qm start', () => {
    const plain = coldBootScript(pve, { waitSeconds: 60, forceOff: false });
    expect(syntaxOk(plain)).toBe(true);
    expect(plain).toContain('qm shutdown 101 --timeout 60 ||');
    expect(plain).not.toContain('forceStop');
    expect(plain).toContain('qm start 101');
    expect(coldBootScript(pve, { waitSeconds: 60, forceOff: true })).toContain(
      'qm shutdown 101 --timeout 60 --forceStop 1',
    );
    expect(coldBootCommands(pve, { waitSeconds: 60, forceOff: true })).toEqual([
      'qm shutdown 101 --timeout 60 --forceStop 1',
      'qm start 101',
    ]);
  });

  it('refuses a bound that is not a whole number of seconds, and Proxmox without a vmid', () => {
    expect(() => coldBootScript(libvirt, { waitSeconds: 0, forceOff: false })).toThrow(/whole number/);
    expect(() => coldBootScript(libvirt, { waitSeconds: 1.5, forceOff: false })).toThrow(/whole number/);
    expect(() => coldBootScript({ ...pve, vmid: null }, { waitSeconds: 5, forceOff: false })).toThrow(
      /VM id/,
    );
  });
});
