import { describe, expect, it } from 'vitest';
import { kernelParameterSteps, osFamily, rngdInstallSteps, sshRestartCommand } from './os-family';

describe('osFamily', () => {
  it.each([
    ['debian', [], 'debian'],
    ['ubuntu', ['debian'], 'debian'],
    ['rocky', ['rhel', 'centos', 'fedora'], 'rhel'],
    ['almalinux', ['rhel'], 'rhel'],
    ['fedora', [], 'rhel'],
    ['centos', [], 'rhel'],
    ['opensuse-leap', ['suse', 'opensuse'], 'suse'],
    ['sles', [], 'suse'],
    ['alpine', [], 'alpine'],
    ['mycorp', ['ubuntu'], 'debian'],
    ['nixos', [], 'unknown'],
    [null, [], 'unknown'],
  ] as const)('%s (like %j) → %s', (id, like, family) => {
    expect(osFamily(id, like)).toBe(family);
  });
});

describe('rngdInstallSteps', () => {
  const cmd = (family: Parameters<typeof rngdInstallSteps>[0], kernel: string | null) =>
    rngdInstallSteps(family, kernel, 'guest g')
      .map((s) => s.command)
      .join('\n');

  it('uses the package manager and service commands of each family', () => {
    expect(cmd('debian', '6.1.0-27-amd64')).toBe(
      'apt-get update && apt-get install -y rng-tools5 && systemctl enable --now rngd',
    );
    expect(cmd('rhel', '5.14.0-427.el9.x86_64')).toBe(
      'yum install -y rng-tools && systemctl enable --now rngd',
    );
    // Amazon Linux 2 (kernel 4.14/5.10) has no dnf.
    expect(cmd('rhel', '5.10.228-219.884.amzn2.x86_64')).toBe(
      'yum install -y rng-tools && systemctl enable --now rngd',
    );
    expect(cmd('suse', '5.14.21')).toBe(
      'zypper --non-interactive install rng-tools && systemctl enable --now rngd',
    );
    expect(cmd('alpine', '6.6.0')).toContain('apk add rng-tools');
    expect(cmd('alpine', '6.6.0')).toContain('rc-update add rngd default');
  });

  it('adapts to old releases recognised by their kernel (EL7 systemd has no --now, EL6 has no systemd)', () => {
    expect(cmd('rhel', '3.10.0-1160.el7.x86_64')).toBe(
      'yum install -y rng-tools && systemctl enable rngd && systemctl start rngd',
    );
    expect(cmd('rhel', '2.6.32-754.el6.x86_64')).toBe(
      'yum install -y rng-tools && chkconfig rngd on && service rngd start',
    );
    expect(cmd('debian', '3.16.0-4-amd64')).toContain(
      'apt-get install -y rng-tools && service rng-tools start',
    );
  });

  it('says so when the distribution is unknown', () => {
    const [step] = rngdInstallSteps('unknown', '6.1.0', 'guest g');
    expect(step?.description).toMatch(/unknown/);
    expect(step?.command).toBe('systemctl enable --now rngd');
  });
});

describe('sshRestartCommand / kernelParameterSteps', () => {
  it('restarts the right SSH service', () => {
    expect(sshRestartCommand('debian')).toBe('systemctl restart ssh');
    expect(sshRestartCommand('rhel')).toBe('systemctl restart sshd');
    expect(sshRestartCommand('alpine')).toBe('rc-service sshd restart');
  });

  it('adds a kernel parameter per family and refuses anything that is not name=value', () => {
    expect(kernelParameterSteps('rhel', 'random.trust_cpu=on', 'g')[0]?.command).toBe(
      'grubby --update-kernel=ALL --args=random.trust_cpu=on',
    );
    expect(kernelParameterSteps('debian', 'random.trust_cpu=on', 'g')[0]?.command).toContain('update-grub');
    expect(() => kernelParameterSteps('debian', "x=1'; reboot", 'g')).toThrow(/name=value/);
  });
});
