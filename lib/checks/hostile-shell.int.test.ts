// Runs produced remediation commands through a real /bin/sh (and a real virsh on libvirt's test
// driver) with hostile names whose payloads only create marker files: if any quoting were wrong, a
// PWNED file would appear or virsh would not find the domain.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggeredRemediation, type Names, PLAIN } from '../../test/support/check-fixtures';
import { xmlEscape } from './remedy/xml-escape';

let dir = '';
let names: Names;

// libvirt refuses "/" in domain names; everything else shell-special is in here.
const DOMAIN = `x'; touch PWNED1; $(touch PWNED2) \`touch PWNED3\` "\\ #<img src=x onerror=alert(1)>`;

function sh(command: string, env: Record<string, string> = {}) {
  return spawnSync('/bin/sh', ['-c', command], {
    cwd: dir,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

function markers(): string[] {
  return fs.readdirSync(dir).filter((f) => f.includes('PWNED'));
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-remediation-'));
  const node = `<node>
<domain type='test'>
  <name>${xmlEscape(DOMAIN)}</name>
  <memory>1024</memory>
  <os><type>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='unsafe'/><source file='${dir}/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
  </devices>
</domain>
</node>`;
  fs.writeFileSync(path.join(dir, 'node.xml'), node);
  names = {
    ...PLAIN,
    domain: DOMAIN,
    uri: `test://${dir}/node.xml`,
    knownHosts: path.join(dir, `known hosts'; touch PWNED4 #`),
    address: `10.0.0.1; touch PWNED5`,
    identityFile: path.join(dir, 'id $(touch PWNED6)'),
    user: "mon'itor",
  };
  // Sanity: the fixture domain exists under exactly that name.
  const listed = execFileSync('virsh', ['-c', names.uri, 'list', '--all', '--name'], { encoding: 'utf8' });
  expect(listed.split('\n')).toContain(DOMAIN);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('remediation commands in a real shell', () => {
  it('rng-device-missing: the heredoc writes the exact XML and virsh finds the hostile domain', () => {
    const r = triggeredRemediation('rng-device-missing', names);
    const [write, hotplug, persistent] = r.steps;
    expect(sh(write!.command!).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'rng-device.xml'), 'utf8')).toBe(`${write!.xml}\n`);
    for (const step of [hotplug!, persistent!]) {
      const res = sh(step.command!);
      // The test driver cannot attach devices; getting that far means the domain was looked up by its exact name.
      expect(res.stderr).toContain('not supported by the connection driver');
      expect(res.stderr).not.toMatch(/failed to get domain|Domain not found/i);
    }
    expect(markers()).toEqual([]);
  });

  it('disk-cache-unsafe: virsh edit / shutdown / domstate run against the hostile domain', () => {
    const steps = triggeredRemediation('disk-cache-unsafe', names).steps;
    const edit = sh(steps[0]!.command!, { EDITOR: 'true', VISUAL: 'true' });
    expect(edit.status).toBe(0);
    expect(edit.stdout).toContain('XML configuration not changed');
    expect(sh(steps[1]!.command!).stdout).toContain('is being shutdown');
    const state = sh(steps[2]!.command!);
    expect(state.status).toBe(0);
    expect(state.stdout.trim()).toMatch(/running|shut off/);
    expect(markers()).toEqual([]);
  });

  it('every virsh/ssh/known_hosts command passes each hostile value as one exact argument', () => {
    // Stub executables on PATH record their argv NUL-separated; /bin/sh still parses the command.
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    for (const p of ['virsh', 'ssh', 'ssh-keygen', 'ssh-keyscan', 'nc', 'ps']) {
      const script = `#!/bin/sh\nprintf '%s\\0' ${p} "$@" >> "$CALLS_LOG"\nprintf '\\n' >> "$CALLS_LOG"\n`;
      fs.writeFileSync(path.join(bin, p), script, { mode: 0o755 });
    }
    const env = { PATH: `${bin}:${process.env.PATH}`, CALLS_LOG: path.join(dir, 'calls.log') };
    const seen = new Map<string, number>();
    for (const ruleId of [
      'rng-device-missing',
      'rng-backend-blocking',
      'disk-cache-policy',
      'host-entropy-drain',
      'host-key-mismatch',
      'target-unreachable',
      'probe-output-invalid',
    ]) {
      for (const step of triggeredRemediation(ruleId, names).steps) {
        const first = step.command?.split(' ')[0] ?? '';
        if (!['virsh', 'ssh', 'ssh-keygen', 'ssh-keyscan', 'nc', 'ps', 'cat'].includes(first)) continue;
        fs.rmSync(path.join(dir, 'calls.log'), { force: true });
        const res = sh(step.command!, env);
        expect(res.status, `${ruleId}: ${step.command}\n${res.stderr}`).toBe(0);
        const calls = fs.existsSync(path.join(dir, 'calls.log'))
          ? fs
              .readFileSync(path.join(dir, 'calls.log'), 'utf8')
              .split('\0\n')
              .filter(Boolean)
              .map((c) => c.split('\0'))
          : [];
        for (const args of calls) {
          seen.set(args[0]!, (seen.get(args[0]!) ?? 0) + 1);
          const after = (flag: string) => args[args.indexOf(flag) + 1];
          if (args[0] === 'virsh') {
            expect(after('-c')).toBe(names.uri);
            expect(after('--domain')).toBe(DOMAIN);
          }
          if (args[0] === 'ssh-keygen' && args.includes('-R')) expect(after('-f')).toBe(names.knownHosts);
          if (args[0] === 'ssh-keyscan') expect(args.at(-1)).toBe(names.address);
          if (args[0] === 'ssh') {
            expect(args).toContain(`UserKnownHostsFile=${names.knownHosts}`);
            expect(after('-i')).toBe(names.identityFile);
            expect(args).toContain(`${names.user}@${names.address}`);
          }
        }
      }
    }
    // The check above is not vacuous: each stubbed program was really called.
    for (const p of ['virsh', 'ssh', 'ssh-keygen', 'ssh-keyscan', 'nc', 'ps'])
      expect(seen.get(p) ?? 0, p).toBeGreaterThan(0);
    // `cat new-host-key.txt >> KNOWN_HOSTS` appended to the file with the hostile name, nothing else.
    expect(fs.existsSync(names.knownHosts)).toBe(true);
    expect(markers().filter((f) => !f.startsWith('known hosts'))).toEqual([]);
  });
});
