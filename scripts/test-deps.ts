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
};

/** Packages whose marker file is absent on this machine. */
export function missingPackages(exists: (p: string) => boolean = fs.existsSync): string[] {
  return Object.entries(TEST_PACKAGES)
    .filter(([, file]) => !exists(file))
    .map(([pkg]) => pkg);
}
