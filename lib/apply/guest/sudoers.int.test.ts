// The generated sudoers snippet against the real sudo of this (Debian) machine: visudo accepts it, and
// `sudo -l -U USER ARGV…` (what sudo would allow USER to run) allows every command a guest-side apply runs
// on Debian, as the apply runs it (bare names, resolved by sudo), and refuses anything else. /etc/sudoers
// and /etc/passwd (with the account) are bind-mounted in a private mount namespace: the machine's own
// files are untouched.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rngdInstallCommands, selectHwrngCommands } from '../../checks/remedy/guest-commands';
import { shellJoin } from '../../checks/remedy/shell-quote';
import { sudoersSnippet } from './sudoers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-sudoers-'));
const USER = 'ew-remedy';
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sudoList(argv: string[]): { code: number | null; out: string } {
  const sudoers = path.join(dir, 'sudoers');
  const passwd = path.join(dir, 'passwd');
  fs.writeFileSync(sudoers, `root ALL=(ALL:ALL) ALL\n${sudoersSnippet(USER)}`, { mode: 0o440 });
  fs.writeFileSync(
    passwd,
    `${fs.readFileSync('/etc/passwd', 'utf8')}${USER}:x:4242:4242::/nonexistent:/bin/sh\n`,
  );
  const script = [
    `mount --bind ${shellJoin([passwd, '/etc/passwd'])}`,
    `mount --bind ${shellJoin([sudoers, '/etc/sudoers'])}`,
    `exec ${shellJoin(['sudo', '-n', '-l', '-U', USER, ...argv])}`,
  ].join('\n');
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('the sudoers snippet with the real sudo', () => {
  it('parses (visudo -c)', () => {
    const file = path.join(dir, 'snippet');
    fs.writeFileSync(file, sudoersSnippet(USER), { mode: 0o440 });
    const r = spawnSync('visudo', ['-c', '-f', file], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toContain('parsed OK');
    expect(r.status).toBe(0);
  });

  it('allows every Debian command a guest-side apply runs, exactly as it runs them', () => {
    const { now, atBoot } = selectHwrngCommands(false, 'virtio_rng.0');
    const commands = [
      ...rngdInstallCommands('debian'),
      ...rngdInstallCommands('debian-old'),
      ...now,
      ...atBoot,
    ];
    for (const c of commands) {
      const r = sudoList(c.argv);
      expect(r, c.argv.join(' ')).toMatchObject({ code: 0 });
      expect(r.out.trim().endsWith(c.argv.slice(1).join(' ') || c.argv[0]!)).toBe(true);
    }
  });

  it('refuses anything else', () => {
    for (const argv of [
      ['apt-get', 'install', '-y', 'nmap'],
      ['apt-get', 'install', '-y', 'rng-tools5', 'nmap'],
      ['tee', '/etc/sudoers'],
      ['systemctl', 'stop', 'sshd'],
      ['sh', '-c', 'id'],
    ])
      expect(sudoList(argv).code, argv.join(' ')).toBe(1);
  });
});
