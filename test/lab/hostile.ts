// Hostile tenants in the lab (issue 11): guests whose root user prints whatever it likes into every
// file the probe reads. The guests are ordinary lab targets; their files are replaced from inside
// their namespace (lab.exec), byte for byte, control characters and bidi overrides included.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { shellQuote } from '../../lib/checks/remedy/shell-quote';
import type { Lab } from './types';

const ESC = '\u001b';
const BEL = '\u0007';
/** An OSC 52 "write the clipboard" sequence: what a terminal would act on. */
export const OSC52 = `${ESC}]52;c;cm0gLXJmIH4vKg==${BEL}`;
const RLO = '\u202E';
const CTRL_C = '\u0003';

/** Directories the lab bind-mounts whole (files in them are the target's own). */
const BIND_DIRS = ['/etc/ssh', '/var/lib/systemd', '/sys/devices/virtual/misc/hw_random'];

/** What each hostile guest does beyond putting controls and bidi overrides into every field. */
export type Hostility = 'key-flood' | 'huge-kernel' | 'bidi';

/** Key lines that parse as real ed25519 public keys, each distinct: a flood of "host keys". */
export function floodKeyLines(count: number): string[] {
  const type = Buffer.from('ssh-ed25519');
  return Array.from({ length: count }, () => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(type.length);
    const keyLen = Buffer.alloc(4);
    keyLen.writeUInt32BE(32);
    const blob = Buffer.concat([len, type, keyLen, randomBytes(32)]);
    return `ssh-ed25519 ${blob.toString('base64')}`;
  });
}

interface HostIdentity {
  pubKeyLine: string;
  machineId: string;
  randomSeed: string;
}

/** The host's public key, machine-id and random-seed as anyone could copy them (ssh-keyscan, a leak). */
export async function hostIdentity(lab: Lab, host: string): Promise<HostIdentity> {
  const pub = await lab.exec(host, 'cat /etc/ssh/ssh_host_ed25519_key.pub');
  if (pub.code !== 0) throw new Error(`cannot read ${host}'s public key: ${pub.stderr}`);
  const fixture = lab.fixture(host);
  if (fixture.randomSeed === null) throw new Error(`${host} has no random seed to copy`);
  return { pubKeyLine: pub.stdout.trim(), machineId: fixture.machineId, randomSeed: fixture.randomSeed };
}

/** The files one hostile guest shows, path inside the guest → content. */
export function hostileFiles(kind: Hostility, host: HostIdentity): Record<string, string> {
  const mark = kind === 'bidi' ? RLO : `${ESC}[2J${CTRL_C}`;
  const release =
    kind === 'huge-kernel' ? `6.1.0-${'x'.repeat(200 * 1024)}` : `6.1.0${mark}-27-amd64${OSC52}`;
  // The host's own public key, copied as is: on its own it is a clean, valid .pub line.
  const keys =
    kind === 'key-flood'
      ? [host.pubKeyLine, ...floodKeyLines(1800), `${host.pubKeyLine}${mark}`]
      : [host.pubKeyLine];
  return {
    '/usr/bin/uname': `#!/bin/sh\ncat <<'EOF'\n${release}\nEOF\n`,
    '/proc/sys/kernel/random/entropy_avail': `2${mark}56\n`,
    '/sys/devices/virtual/misc/hw_random/rng_current': `virtio_rng.0${mark}\n`,
    '/sys/devices/virtual/misc/hw_random/rng_available': `virtio_rng.0 evil${RLO}gnr ${OSC52}\n`,
    '/etc/os-release': `ID=deb${mark}ian\nID_LIKE="ubuntu${RLO} debian"\nPRETTY_NAME="${OSC52}"\n`,
    '/etc/machine-id': `${host.machineId}\n`,
    '/var/lib/systemd/random-seed': host.randomSeed,
    '/etc/ssh/ssh_host_zz_copied_key.pub': `${keys.join('\n')}\n`,
  };
}

/**
 * Turns a running lab guest hostile: its files are replaced from inside its namespace. Its sshd and
 * its own host key stay as they are. (Process names are not among them: the kernel cuts a name
 * written to /proc/PID/comm at its first control character, seen here with "rngd\e[2J" → "rngd".)
 */
export async function makeHostile(
  lab: Lab,
  guest: string,
  kind: Hostility,
  host: HostIdentity,
): Promise<void> {
  const staging = fs.mkdtempSync(path.join(lab.dir, `hostile-${guest.replace(/[^a-z0-9-]/gi, '_')}-`));
  const copies: string[] = [];
  for (const [inside, content] of Object.entries(hostileFiles(kind, host))) {
    const file = path.join(staging, String(copies.length));
    fs.writeFileSync(file, content);
    // Only ever through the lab's bind mounts: a missing mount must not let this write the machine's
    // own /usr/bin/uname or /etc/machine-id. `cat >` keeps the file (and uname's execute bit).
    const mount = BIND_DIRS.find((d) => inside.startsWith(`${d}/`)) ?? inside;
    copies.push(
      // (resolved first: /etc/os-release is a symlink on Debian, mounted at its target)
      `awk -v p="$(readlink -f ${shellQuote(mount)})" '$5 == p { found = 1 } END { exit !found }' /proc/self/mountinfo || ` +
        `{ echo ${shellQuote(`not a lab mount: ${mount}`)} >&2; exit 1; }`,
      `cat ${shellQuote(file)} > ${shellQuote(inside)}`,
    );
  }
  const r = await lab.exec(guest, `set -e\n${copies.join('\n')}\n`);
  if (r.code !== 0) throw new Error(`cannot make ${guest} hostile: ${r.stderr}`);
}
