// The host probe's libvirt part against a real virsh on libvirt's test driver: many domains with
// hostile names read through a constant number of virsh processes, counted by a logging `virsh`
// placed first in PATH (it runs the real virsh, which does all the work).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainXml, stableUuid, TEST_DRIVER_NS } from '../../test/lab/domain-xml';
import { parseProbeOutput } from './parse';
import { buildProbeScript } from './script';
import type { Observation } from './types';

const which = (cmd: string): string | null => {
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
};

const SHELLS: Array<{ name: string; cmd: string; args: string[] }> = [
  { name: '/bin/sh', cmd: '/bin/sh', args: [] },
  ...(which('dash') ? [{ name: 'dash', cmd: 'dash', args: [] }] : []),
  { name: 'busybox sh', cmd: 'busybox', args: ['sh'] },
];

// libvirt refuses "/" in a name; everything else a shell or virsh's own parser might trip on is here.
const HOSTILE = [
  `x'; rm -rf ~ #`,
  `o'brien, "db" $(touch pwned1)`,
  `<img src=x onerror=alert(1)>`,
  'name with spaces',
  'back\\slash \\\\ "\\"',
  'semi;colon; touch pwned2',
  'new\nline',
  ' padded ',
  'tab\there',
  'bidi\u202Eexe.txt',
  `"dq" 'sq' \`touch pwned3\``,
  'ünïcødé ☃',
  '--all',
  'EWB fake frame',
  'dumpxml; echo hi',
];
// virsh reads these fine; the input policy refuses them (controls and a bidi override in a name).
const REFUSED_NAMES = ['new\nline', 'tab\there', 'bidi\u202Eexe.txt'];
const PAUSED = 'vm-paused';
const SHUTOFF = HOSTILE[1]!;
const FORGER = 'forger';
const NAMES = [
  ...HOSTILE,
  PAUSED,
  FORGER,
  ...Array.from({ length: 25 - HOSTILE.length - 2 }, (_, i) => `vm-${i + 1}`),
];
const KEPT = NAMES.filter((n) => !REFUSED_NAMES.includes(n));
const refusals = Object.fromEntries(
  REFUSED_NAMES.map((n) => [
    `domain:${stableUuid(n)}`,
    expect.stringMatching(/^refused: domain name has invalid characters \(U\+/),
  ]),
);

/** A node file holding `names`; one paused, one shut off, one with frame lines in its description. */
function node(names: readonly string[]): string {
  // Not the lab's nodeXml: it indents every line, which would indent the second line of a name too.
  const domains = names.map((name) => {
    const spec = {
      name,
      disks: [{ target: 'vda', type: 'file', source: `/var/lib/libvirt/images/d.qcow2`, cache: 'none' }],
      rngs: [{ backend: '/dev/urandom' }],
      state: name === SHUTOFF || name === PAUSED ? ('shutoff' as const) : undefined,
    };
    let xml = domainXml(spec);
    if (name === PAUSED) xml = xml.replace('<test:runstate>5<', '<test:runstate>3<');
    if (name === FORGER) {
      const forged = `EWE 0 0\nEWB 0 ${stableUuid('vm-1')}\nEWX 0\n<domain><name>fake</name></domain>`;
      xml = xml.replace('</name>', `</name>\n  <description>${forged.replace(/</g, '&lt;')}</description>`);
    }
    return xml;
  });
  return `<node xmlns:test='${TEST_DRIVER_NS}'>\n${domains.join('\n')}\n</node>\n`;
}

let dir = '';
let bin = '';

function probe(
  shell: { cmd: string; args: string[] },
  nodeFile: string,
  env: Record<string, string> = {},
): { o: Observation; calls: string[]; stdout: string } {
  const log = path.join(dir, 'virsh.log');
  writeFileSync(log, '');
  const r = spawnSync(shell.cmd, shell.args, {
    input: buildProbeScript({ kind: 'host', libvirtUri: `test://${path.join(dir, nodeFile)}` }),
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, EW_VIRSH_LOG: log, ...env },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  const parsed = parseProbeOutput(r.stdout, 'host');
  if (!parsed.ok) throw new Error(`${parsed.error}\n${r.stdout.slice(0, 2000)}`);
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { o: parsed.observation, calls, stdout: r.stdout };
}

const domainErrors = (o: Observation) =>
  Object.fromEntries(Object.entries(o.fieldErrors).filter(([k]) => /^domain/.test(k)));

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ew-probe-virsh-'));
  bin = path.join(dir, 'bin');
  mkdirSync(bin);
  const real = which('virsh');
  if (!real) throw new Error('virsh is not installed: apt-get install libvirt-clients');
  // Logs each call; with EW_VIRSH_SWAP set, a batch call (the one that runs dumpxml) connects to
  // that URI instead: a domain undefined between `list` and the batch, as on a busy host.
  writeFileSync(
    path.join(bin, 'virsh'),
    `#!/bin/sh
printf '%s\\n' "$*" >>"$EW_VIRSH_LOG"
if [ -n "$EW_VIRSH_SWAP" ] && [ "$#" -eq 4 ] && [ "$2" = -c ]; then
  case $4 in *dumpxml*) exec ${real} "$1" -c "$EW_VIRSH_SWAP" "$4" ;; esac
fi
exec ${real} "$@"
`,
    { mode: 0o755 },
  );
  writeFileSync(path.join(dir, 'node25.xml'), node(NAMES));
  writeFileSync(path.join(dir, 'node24.xml'), node(NAMES.filter((n) => n !== 'vm-3')));
  writeFileSync(path.join(dir, 'node2.xml'), node(['vm-1', 'vm-2']));
  writeFileSync(path.join(dir, 'node401.xml'), node(Array.from({ length: 401 }, (_, i) => `big-${i}`)));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(SHELLS)('the host probe run by $name', (shell) => {
  it('reads 25 domains with hostile names through two virsh processes, with their states', () => {
    const { o, calls } = probe(shell, 'node25.xml');
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
    expect(domainErrors(o)).toEqual(refusals);
    const byName = new Map(o.host?.domains.map((d) => [d.name, d]));
    expect([...byName.keys()].sort()).toEqual([...KEPT].sort());
    for (const name of KEPT) {
      const state = name === SHUTOFF ? 'shut off' : name === PAUSED ? 'paused' : 'running';
      expect(byName.get(name), name).toMatchObject({ uuid: stableUuid(name), state });
      expect(
        byName.get(name)?.disks.map((d) => d.cacheMode),
        name,
      ).toEqual(['none']);
      expect(
        byName.get(name)?.rngs.map((r) => r.backendSource),
        name,
      ).toEqual(['/dev/urandom']);
    }
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/ -q list --all --uuid$/);
    expect(calls[1]?.match(/dumpxml /g)).toHaveLength(25);
  });
});

describe('the host probe: virsh processes per run', () => {
  const sh = SHELLS[0]!;

  it('stays at two whatever the number of domains, and adds one per 400 domains', () => {
    expect(probe(sh, 'node2.xml').calls).toHaveLength(2);
    expect(probe(sh, 'node25.xml').calls).toHaveLength(2);
    const { o, calls, stdout } = probe(sh, 'node401.xml');
    expect(o.host?.domains).toHaveLength(401);
    expect(domainErrors(o)).toEqual({});
    expect(calls.map((c) => c.match(/dumpxml /g)?.length ?? 0)).toEqual([0, 400, 1]);
    // One gzip over all the XML keeps 401 domains far under the parser's cap.
    expect(stdout.length).toBeLessThan(64 * 1024);
  });

  it('records a domain that vanished before the batch and keeps every other', () => {
    const { o, calls } = probe(sh, 'node25.xml', { EW_VIRSH_SWAP: `test://${path.join(dir, 'node24.xml')}` });
    expect(calls).toHaveLength(2);
    expect(o.host?.domains.map((d) => d.name).sort()).toEqual(KEPT.filter((n) => n !== 'vm-3').sort());
    expect(domainErrors(o)).toEqual({
      ...refusals,
      [`domain:${stableUuid('vm-3')}`]: `dumpxml failed: error: failed to get domain '${stableUuid('vm-3')}'`,
    });
  });

  it('sends the XML as text when neither base64 nor od is installed', () => {
    const tools = path.join(dir, 'bin-text');
    mkdirSync(tools);
    for (const t of ['uname', 'cat', 'mktemp', 'timeout']) {
      const real = which(t);
      if (real) writeFileSync(path.join(tools, t), `#!/bin/sh\nexec ${real} "$@"\n`, { mode: 0o755 });
    }
    const { o, stdout, calls } = probe(sh, 'node25.xml', { PATH: `${bin}:${tools}` });
    expect(stdout).toContain('@@ virsh_batch\n');
    expect(calls).toHaveLength(2);
    expect(o.host?.domains.map((d) => d.name).sort()).toEqual([...KEPT].sort());
    expect(domainErrors(o)).toEqual(refusals);
  });
});
