import { describe, expect, it } from 'vitest';
import { rngdNeeded } from '../rngd-needed/rngd-needed';
import { rngNotSelected } from '../rng-not-selected/rng-not-selected';
import { context, observation, target } from '../../../test/support/check-builders';
import {
  commandLine,
  rngdInstallCommands,
  rngdVariant,
  selectHwrngCommands,
  sudoCommandText,
} from './guest-commands';

describe('guest commands', () => {
  it('chooses the rngd packaging from the family and the kernel', () => {
    expect(rngdVariant('debian', '6.1.0-27-amd64')).toBe('debian');
    expect(rngdVariant('debian', '3.16.0-4-amd64')).toBe('debian-old');
    expect(rngdVariant('rhel', '5.14.0-427.el9.x86_64')).toBe('rhel');
    expect(rngdVariant('rhel', '3.10.0-1160.el7.x86_64')).toBe('rhel-old');
    expect(rngdVariant('rhel', '2.6.32-754.el6.x86_64')).toBe('rhel-el6');
    expect(rngdVariant('unknown', '6.1.0')).toBeNull();
  });

  it('runs each command behind sudo -n, words quoted by the one quoter', () => {
    expect(rngdInstallCommands('debian').map(sudoCommandText)).toEqual([
      'sudo -n apt-get update',
      'sudo -n apt-get install -y rng-tools5',
      'sudo -n systemctl enable --now rngd',
    ]);
    expect(rngdInstallCommands('rhel-old').map(sudoCommandText)).toEqual([
      'sudo -n yum install -y rng-tools',
      'sudo -n systemctl enable rngd',
      'sudo -n systemctl start rngd',
    ]);
    const { now, atBoot } = selectHwrngCommands(false, "virtio_rng.0'; reboot #");
    expect(sudoCommandText(now[0]!)).toBe(
      `printf '%s\\n' 'virtio_rng.0'\\''; reboot #' | sudo -n tee /sys/devices/virtual/misc/hw_random/rng_current >/dev/null`,
    );
    expect(commandLine(atBoot)).toBe(
      `printf '%s\\n' 'w /sys/devices/virtual/misc/hw_random/rng_current - - - - virtio_rng.0'\\''; reboot #' | tee /etc/tmpfiles.d/hwrng.conf >/dev/null`,
    );
  });
});

describe('guest apply plans declared by checks', () => {
  it('rngd-needed: the plan runs exactly the install step the finding shows (not the optional reboot)', () => {
    const ctx = context({
      target: target({
        kind: 'guest',
        observation: observation({
          kernelRelease: '5.10.0-30-amd64',
          rngQuality: 0,
          cpuRdrand: true,
          osId: 'debian',
        }),
      }),
    });
    const [hit] = rngdNeeded.evaluate(ctx);
    const r = rngdNeeded.remediation(hit!, ctx);
    expect(r.guestApply).toMatchObject({ kind: 'guest-commands', action: 'install-rngd' });
    expect(commandLine(r.guestApply!.commands)).toBe(r.steps[0]!.command);
    expect(r.steps.some((s) => s.command === 'reboot')).toBe(true);
    expect(r.guestApply!.commands.some((c) => c.argv[0] === 'reboot')).toBe(false);
  });

  it('rngd-needed: no plan for an unknown distribution or the local machine', () => {
    const obs = observation({ kernelRelease: '3.16.0-4-amd64', osId: 'plan9', osIdLike: [] });
    const guest = context({ target: target({ kind: 'guest', observation: obs }) });
    expect(rngdNeeded.remediation(rngdNeeded.evaluate(guest)[0]!, guest).guestApply).toBeUndefined();
    const local = context({
      target: target({ kind: 'local', observation: { ...obs, osId: 'debian' } }),
    });
    expect(rngdNeeded.remediation(rngdNeeded.evaluate(local)[0]!, local).guestApply).toBeUndefined();
  });

  it('rng-not-selected: the plan is the two steps shown, now and at boot', () => {
    const ctx = context({
      target: target({
        kind: 'guest',
        observation: observation({ rngAvailable: ['virtio_rng.0'], rngCurrent: 'none', osId: 'rocky' }),
      }),
    });
    const r = rngNotSelected.remediation(rngNotSelected.evaluate(ctx)[0]!, ctx);
    expect(r.guestApply).toMatchObject({ action: 'select-hwrng', device: 'virtio_rng.0' });
    expect(r.steps.map((s) => s.command).join(' && ')).toBe(commandLine(r.guestApply!.commands));
  });
});
