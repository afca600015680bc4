import fs from 'node:fs';

/** Debian package → a file it installs that the tests use. */
export const TEST_PACKAGES: Record<string, string> = {
  'openssh-server': '/usr/sbin/sshd',
  'openssh-client': '/usr/bin/ssh-keygen',
  lsof: '/usr/bin/lsof',
  'libvirt-clients': '/usr/bin/virsh',
  chromium: '/usr/bin/chromium',
  iproute2: '/usr/sbin/ip',
  busybox: '/usr/bin/busybox',
  // A throwaway PostgreSQL cluster per suite (test/support/postgres.ts): initdb and pg_ctl
  postgresql: '/usr/bin/pg_ctlcluster',
  // A real Prometheus scraping /metrics, and promtool for the rules (lib/metrics/*.int.test.ts)
  prometheus: '/usr/bin/promtool',
  // QEMU's own guest agent, on a unix socket without a VM (lib/probe/guest-agent.int.test.ts)
  'qemu-guest-agent': '/usr/sbin/qemu-ga',
  // libvirt's QEMU driver embedded in virsh (qemu:///embed?root=DIR), which keeps definitions across
  // virsh runs unlike the test driver: applying a fix is tested on it (lib/apply/apply.int.test.ts)
  'libvirt-daemon-driver-qemu': '/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so',
  'qemu-system-x86': '/usr/bin/qemu-system-x86_64',
  // bench:probe-cost counts the processes a probe forks and the programs it runs (bench/probe-cost-measure.ts)
  strace: '/usr/bin/strace',
  // A real libvirtd + virtlogd (test/support/libvirtd.ts): running domains for "waiting for a cold boot"
  'libvirt-daemon': '/usr/sbin/libvirtd',
  // visudo and sudo -l check the generated sudoers snippet for guest-side apply (lib/apply/guest/sudoers.int.test.ts)
  sudo: '/usr/sbin/visudo',
};

/** Packages whose marker file is absent on this machine. */
export function missingPackages(exists: (p: string) => boolean = fs.existsSync): string[] {
  return Object.entries(TEST_PACKAGES)
    .filter(([, file]) => !exists(file))
    .map(([pkg]) => pkg);
}
