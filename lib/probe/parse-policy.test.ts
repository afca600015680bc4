// The input policy applied by parseProbeOutput: hostile values become field errors, never stored values.
import { describe, expect, it } from 'vitest';
import { parseProbeOutput, type ProbeKind } from './parse';
import { hasForbiddenChars } from './input-policy';
import {
  b64Lines,
  KEYS,
  legacyHostOutput,
  MODERN_GUEST,
  probeOutput,
  virshBatchText,
  WEB_XML,
  type FixtureSection,
} from './probe-fixtures';
import type { Observation } from './types';

function observe(stdout: string, kind: ProbeKind = 'guest'): Observation {
  const r = parseProbeOutput(stdout, kind);
  if (!r.ok) throw new Error(r.error);
  return r.observation;
}

/** The modern guest with some sections replaced. */
function guestWith(replace: Record<string, Omit<FixtureSection, 'key'>>): string {
  const sections: FixtureSection[] = MODERN_GUEST.split('\n@@ ')
    .slice(1)
    .map((block) => {
      const [head = '', ...rest] = block.split('\n');
      const key = head.split(' ')[0] ?? '';
      return {
        key,
        lines: rest.filter((l) => l.startsWith('|')).map((l) => l.slice(1)),
        status: rest.find((l) => l.startsWith('@= '))?.slice(3),
        ...replace[key],
      };
    });
  return probeOutput(sections);
}

const ESC = '\u001b';
const RLO = '\u202E';

describe('parseProbeOutput: the input policy', () => {
  it('refuses a 200 KiB kernel release without storing any of it', () => {
    const o = observe(guestWith({ kernel_release: { lines: ['6'.repeat(200 * 1024)] } }));
    expect(o.kernelRelease).toBeNull();
    expect(o.fieldErrors.kernelRelease).toBe(
      'refused: kernel release is too long (204800 characters, at most 64)',
    );
    expect(JSON.stringify(o).length).toBeLessThan(4096);
  });

  it('refuses control characters and bidi overrides in text fields as "invalid characters"', () => {
    const o = observe(
      guestWith({
        kernel_release: { lines: [`6.1${ESC}]52;c;cm0gLXJmIH4=\u0007`] },
        rng_current: { lines: [`virtio${RLO}0.gnr`] },
        rng_available: { lines: [`virtio_rng.0 tpm\u0085`] },
        rng_daemons: { lines: [`rngd${ESC}[2J`] },
        os_release: { lines: [`ID=ubu${RLO}ntu`] },
      }),
    );
    expect(o).toMatchObject({
      kernelRelease: null,
      rngCurrent: null,
      rngAvailable: null,
      rngdRunning: null,
      havegedRunning: null,
      osId: null,
      osIdLike: [],
    });
    expect(o.fieldErrors).toMatchObject({
      kernelRelease: 'refused: kernel release has invalid characters (U+001B at character 4)',
      rngCurrent: 'refused: rng current has invalid characters (U+202E at character 7)',
      rngAvailable: 'refused: rng available has invalid characters (U+0085 at character 17)',
      rngdRunning: 'refused: rng daemons has invalid characters (U+001B at character 5)',
      osId: expect.stringMatching(/^refused: os-release ID has invalid characters \(U\+202E/),
    });
    expect(hasForbiddenChars(JSON.stringify(o).replace(/\\u/g, ''))).toBe(false);
  });

  it('keeps 16 host keys and refuses 17 as a whole, never a truncated list', () => {
    const keys = (n: number) =>
      Array.from({ length: n }, (_, i) => (i % 2 ? KEYS.ecdsa.line : KEYS.ed25519.line));
    expect(observe(guestWith({ ssh_host_keys: { lines: keys(16) } })).sshHostKeys).toHaveLength(16);
    const o = observe(guestWith({ ssh_host_keys: { lines: keys(1200) } }));
    expect(o.sshHostKeys).toEqual([]);
    expect(o.fieldErrors.sshHostKeys).toBe('refused: too many host keys (1200, at most 16)');
    // Comments and blank lines are not keys and do not count.
    const padded = ['# c', '', ...keys(2)];
    expect(observe(guestWith({ ssh_host_keys: { lines: padded } })).sshHostKeys).toHaveLength(2);
  });

  it('refuses more RNG daemon names than a machine runs', () => {
    const names = Array.from({ length: 65 }, (_, i) => `rngd-${i}`);
    const o = observe(guestWith({ rng_daemons: { lines: names } }));
    expect(o.rngdRunning).toBeNull();
    expect(o.fieldErrors.rngdRunning).toBe('refused: too many RNG daemon names (65, at most 64)');
  });
});

describe('parseProbeOutput: the input policy on host facts', () => {
  const base = legacyHostOutput().replace(/\nEW-END\n$/, '\n');
  const withSections = (sections: FixtureSection[]) =>
    `${base}${probeOutput(sections).replace(/^EW-PROBE 1\n/, '')}`;

  it('refuses a QEMU -name with controls and an lsof command with a bidi override, keeping the rest', () => {
    const out = legacyHostOutput()
      .replace(
        '|f17\n|n/dev/urandom\n',
        `|f17\n|n/dev/urandom\n|p2302\n|cqemu-kvm${RLO}\n|f3\n|n/dev/random\n`,
      )
      .replace(
        /@@ cmdline\.2301 b64\n(\|.*\n)+/,
        `@@ cmdline.2301 b64\n${b64Lines(
          ['qemu-system-x86_64', '-name', `guest=web-1${ESC}[8m`, ''].join('\0'),
        )
          .map((l) => `|${l}\n`)
          .join('')}`,
      );
    const o = observe(out, 'host');
    expect(o.host?.holders).toEqual([
      { pid: 812, command: 'haveged', device: '/dev/random', domain: null },
      { pid: 2301, command: 'qemu-system-x86', device: '/dev/urandom', domain: null },
    ]);
    expect(o.fieldErrors['holder:2301']).toBe(
      'QEMU -name refused: domain name has invalid characters (U+001B at character 6)',
    );
    expect(o.fieldErrors['holder:2302']).toBe(
      'refused: lsof command name has invalid characters (U+202E at character 9)',
    );
  });

  it('refuses more than 4096 listed domains as a whole', () => {
    const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const o = observe(
      base.replace(/@@ virsh_list\n(\|.*\n)+/, '') +
        probeOutput([{ key: 'virsh_list', lines: Array.from({ length: 4097 }, (_, i) => uuid(i)) }]).replace(
          /^EW-PROBE 1\n/,
          '',
        ),
      'host',
    );
    expect(o.host?.domains).toEqual([]);
    expect(o.fieldErrors.domains).toBe('refused: too many domains (4097, at most 4096)');
  });

  it('refuses a domain whose XML breaks the policy under its UUID and an odd state; others stay', () => {
    const a = '11111111-2222-4333-8444-555555555555';
    const b = '11111111-2222-4333-8444-666666666666';
    const evil = WEB_XML.replace("cache='none'", `cache='none${RLO}'`);
    const o = observe(
      withSections([])
        .replace(/@@ virsh_list\n(\|.*\n)+@= ok\n/, `@@ virsh_list\n|${a}\n|${b}\n@= ok\n`)
        .replace(
          /@@ virsh_batch gz-b64\n(\|.*\n)+/,
          `@@ virsh_batch gz-b64\n${b64Lines(
            virshBatchText([
              { uuid: a, xml: evil },
              {
                uuid: b,
                state: `running${ESC}[31m`,
                xml: `<domain><name>ok-1</name><uuid>${b}</uuid></domain>`,
              },
            ]),
            true,
          )
            .map((l) => `|${l}\n`)
            .join('')}`,
        ),
      'host',
    );
    expect(o.host?.domains.map((d) => [d.name, d.state])).toEqual([['ok-1', null]]);
    expect(o.fieldErrors[`domain:${a}`]).toMatch(
      /^refused: <disk> #1 driver cache attribute has invalid characters \(U\+202E at character 5\)$/,
    );
    expect(o.fieldErrors['domainState:ok-1']).toBe(
      'refused: domain state has invalid characters (U+001B at character 8)',
    );
  });
});
