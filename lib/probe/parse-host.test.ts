import { describe, expect, it } from 'vitest';
import { parseProbeFrame } from './parse-frame';
import { parseDomains, parseHolders, parseLsofFields } from './parse-host';
import {
  b64Lines,
  hexLines,
  probeOutput,
  virshBatchText,
  WEB_XML,
  type FixtureSection,
} from './probe-fixtures';

function sectionsOf(list: FixtureSection[]) {
  const r = parseProbeFrame(probeOutput(list));
  if (!r.ok) throw new Error(r.error);
  return r.sections;
}

const qemu = (name: string) => b64Lines(['qemu-system-x86_64', '-name', name, '-m', '2048', ''].join('\0'));

describe('parseLsofFields', () => {
  it('groups file names under their process', () => {
    expect(
      parseLsofFields(
        'p1\ncrngd\nf3\nn/dev/hwrng\nf4\nn/dev/random\np22\ncqemu-system-x86\nf9\nn/dev/urandom\n',
      ),
    ).toEqual([
      { pid: 1, command: 'rngd', names: ['/dev/hwrng', '/dev/random'] },
      { pid: 22, command: 'qemu-system-x86', names: ['/dev/urandom'] },
    ]);
  });
  it('ignores fields before a valid p line and unknown field letters', () => {
    expect(parseLsofFields('cstray\nn/dev/random\npabc\nn/dev/random\np5\nL0\ncx\n')).toEqual([
      { pid: 5, command: 'x', names: [] },
    ]);
  });
});

describe('parseHolders', () => {
  it('maps QEMU holders to domains, keeps other holders, one entry per process and device', () => {
    const errors: Record<string, string> = {};
    const holders = parseHolders(
      sectionsOf([
        {
          key: 'lsof',
          lines: [
            ...['p700', 'crngd', 'f4', 'n/dev/hwrng', 'f5', 'n/dev/random', 'f6', 'n/dev/random'],
            ...['p901', 'cqemu-system-x86', 'f20', 'n/dev/urandom'],
            ...['p902', 'cqemu-kvm', 'f21', 'n/var/lib/lxc/c1/rootfs/dev/urandom'],
          ],
        },
        { key: 'cmdline.700', encoding: 'b64', lines: b64Lines('/usr/sbin/rngd\0-f\0') },
        { key: 'cmdline.901', encoding: 'b64', lines: qemu('guest=web,,1,debug-threads=on') },
        {
          key: 'cmdline.902',
          encoding: 'hex',
          lines: hexLines(['qemu-kvm', '-name', 'db-2', ''].join('\0')),
        },
      ]),
      errors,
    );
    expect(holders).toEqual([
      { pid: 700, command: 'rngd', device: '/dev/hwrng', domain: null },
      { pid: 700, command: 'rngd', device: '/dev/random', domain: null },
      { pid: 901, command: 'qemu-system-x86', device: '/dev/urandom', domain: 'web,1' },
      { pid: 902, command: 'qemu-kvm', device: '/dev/urandom', domain: 'db-2' },
    ]);
    expect(errors).toEqual({});
  });

  it('names QEMU holders from the QEMU stream when the probe sent no cmdline section, a forged frame inert', () => {
    const N = '0b5e3c1a-2f4d-4e6a-8b7c-9d0e1f2a3b4c';
    // pid 902's -name text carries a frame line without the nonce: it stays inside pid 902's record.
    const stream = [
      `EW-QEMU ${N}\n`,
      `\nEWP ${N} 901\n`,
      ['qemu-system-x86_64', '-name', 'guest=web,,1,debug-threads=on', ''].join('\0'),
      `\nEWP ${N} 902\n`,
      ['kvm', '-id', '902', '-name', 'db-2\nEWP 0000 901\nevil', ''].join('\0'),
      `\nEWE ${N}\n`,
    ].join('');
    const lsof = (extra: string[]) => ({
      key: 'lsof',
      lines: [
        ...['p700', 'crngd', 'f5', 'n/dev/random'],
        ...['p901', 'cqemu-system-x86', 'f20', 'n/dev/urandom'],
        ...['p902', 'ckvm', 'f21', 'n/dev/urandom'],
        ...extra,
      ],
    });
    const errors: Record<string, string> = {};
    const holders = parseHolders(
      sectionsOf([
        lsof(['p903', 'cqemu-system-x86', 'f22', 'n/dev/random']),
        { key: 'qemu_cmdlines', encoding: 'gz-b64', lines: b64Lines(stream, true) },
      ]),
      errors,
    );
    expect(holders.map((h) => [h.pid, h.domain])).toEqual([
      [700, null],
      [901, 'web,1'],
      [902, null],
      [903, null],
    ]);
    // the forged name breaks the name policy; 903 exited before the stream read it
    expect(errors['holder:902']).toMatch(/^QEMU -name /);
    expect(errors['holder:903']).toBe('cmdline missing');
    expect(errors['holder:700']).toBeUndefined();

    const without: Record<string, string> = {};
    parseHolders(sectionsOf([lsof([]), { key: 'qemu_cmdlines', status: 'no-tool base64' }]), without);
    expect(without['holder:901']).toBe('cmdline QEMU command lines base64 not installed');
  });

  it('explains a QEMU holder without a readable cmdline or without -name, and odd lsof names', () => {
    const errors: Record<string, string> = {};
    const holders = parseHolders(
      sectionsOf([
        {
          key: 'lsof',
          lines: [
            'p1',
            'cqemu-system-x86',
            'n/dev/urandom',
            'p2',
            'cqemu-system-x86',
            'n/dev/urandom',
            'p3',
            'cqemu-system-x86',
            'n/dev/random',
            'p4',
            'cjava',
            'n/dev/zero',
          ],
        },
        { key: 'cmdline.1', status: 'missing' },
        {
          key: 'cmdline.2',
          encoding: 'b64',
          lines: b64Lines(['qemu-system-x86_64', '-m', '512', ''].join('\0')),
        },
        { key: 'cmdline.3', encoding: 'b64', lines: ['%%%%'] },
      ]),
      errors,
    );
    expect(holders.map((h) => [h.pid, h.domain])).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
    expect(errors).toEqual({
      'holder:1': 'cmdline missing',
      'holder:2': 'no -name in the QEMU command line: "qemu-system-x86_64 -m 512"',
      'holder:3': 'malformed base64 in section cmdline.3: "%%%%"',
      holders: 'unrecognised lsof names ignored: "/dev/zero"',
    });
  });

  it('reports a missing lsof and a failed one, keeping what a failed run printed', () => {
    const none: Record<string, string> = {};
    expect(parseHolders(sectionsOf([{ key: 'lsof', status: 'no-tool lsof' }]), none)).toEqual([]);
    expect(none).toEqual({ holders: 'lsof not installed' });
    const failed: Record<string, string> = {};
    const partial = parseHolders(
      sectionsOf([{ key: 'lsof', lines: ['p9', 'crngd', 'n/dev/random'], status: 'error timed out: ' }]),
      failed,
    );
    expect(partial).toEqual([{ pid: 9, command: 'rngd', device: '/dev/random', domain: null }]);
    expect(failed.holders).toBe('error: timed out:');
    const absent: Record<string, string> = {};
    expect(parseHolders(new Map(), absent)).toEqual([]);
    expect(absent.holders).toBe('not reported by the probe');
  });
});

describe('parseDomains', () => {
  const A = '11111111-1111-4111-8111-111111111111';
  const B = '22222222-2222-4222-8222-222222222222';
  const C = '33333333-3333-4333-8333-333333333333';
  const D = '44444444-4444-4444-8444-444444444444';

  /** virsh_list, the batch in `encoding` (default gz-b64) and its stderr. */
  function hostSections(
    uuids: string[],
    batch: string | null,
    stderr: string[] = [],
    encoding: 'gz-b64' | 'b64' | 'hex' | 'gz-hex' | 'text' = 'gz-b64',
  ): FixtureSection[] {
    const zip = encoding.startsWith('gz-');
    const lines =
      batch === null
        ? []
        : encoding === 'text'
          ? batch.replace(/\n$/, '').split('\n')
          : encoding.endsWith('hex')
            ? hexLines(batch, zip)
            : b64Lines(batch, zip);
    return [
      { key: 'virsh_list', lines: [...uuids, ''] },
      ...(batch === null ? [] : [{ key: 'virsh_batch', encoding, lines }]),
      { key: 'virsh_batch_stderr', lines: stderr },
    ];
  }

  it('skips a domain whose XML is broken or unreadable and goes on with the others', () => {
    const errors: Record<string, string> = {};
    const batch = virshBatchText([
      { uuid: A, state: 'running', xml: '<domain><name>bad</name>' },
      { uuid: B, state: null, xml: null },
      { uuid: C, state: '\nrunning', xml: WEB_XML },
      { uuid: D, state: null, xml: '<domain><name>nostate</name></domain>' },
    ]);
    const domains = parseDomains(
      sectionsOf(
        hostSections([A, B, C, D], batch, [
          `error: failed to get domain '${B}'`,
          `error: failed to get domain '${B}'`,
          `error: Domain not found: '${B}'`,
          `error: Domain not found: no domain with matching uuid '${D}' (nostate)`,
        ]),
      ),
      errors,
    );
    expect(domains.map((d) => [d.name, d.uuid, d.state, d.disks.length, d.rngs.length])).toEqual([
      ['web-1', '6695eb01-f6a4-8304-79aa-97f2502e193f', 'running', 3, 1],
      ['nostate', D, null, 0, 0],
    ]);
    expect(errors).toEqual({
      [`domain:${A}`]: "malformed domain XML at line 1, column 1: Unclosed tag 'domain'.",
      [`domain:${B}`]: `dumpxml failed: error: failed to get domain '${B}' / error: Domain not found: '${B}'`,
      'domainState:nostate': `domstate failed: error: Domain not found: no domain with matching uuid '${D}' (nostate)`,
    });
  });

  it('reads the batch in every encoding the script can emit', () => {
    const batch = virshBatchText([
      { uuid: A, state: 'running', xml: WEB_XML },
      { uuid: B, state: 'shut off', xml: '<domain>\n  <name>o\'brien, "db" $(echo pwned)</name>\n</domain>' },
    ]);
    for (const encoding of ['gz-b64', 'b64', 'hex', 'gz-hex', 'text'] as const) {
      const errors: Record<string, string> = {};
      const domains = parseDomains(sectionsOf(hostSections([A, B], batch, [], encoding)), errors);
      expect(
        domains.map((d) => [d.name, d.state]),
        encoding,
      ).toEqual([
        ['web-1', 'running'],
        [`o'brien, "db" $(echo pwned)`, 'shut off'],
      ]);
      expect(errors, encoding).toEqual({});
    }
  });

  it('says why a listed domain has no record: virsh cut short, timed out, or silent', () => {
    const cut: Record<string, string> = {};
    const one = virshBatchText([{ uuid: A, xml: WEB_XML }], { exit: null });
    expect(parseDomains(sectionsOf(hostSections([A, B], one)), cut).map((d) => d.name)).toEqual(['web-1']);
    expect(cut).toEqual({ [`domain:${B}`]: "virsh's output ended before this domain" });
    const timedOut: Record<string, string> = {};
    parseDomains(sectionsOf(hostSections([A, B], virshBatchText([{ uuid: A }], { exit: 124 }))), timedOut);
    expect(timedOut).toEqual({ [`domain:${B}`]: 'virsh stopped before this domain (exit 124: timed out)' });
    const silent: Record<string, string> = {};
    const noXml = virshBatchText([{ uuid: A, state: null, xml: null }], { exit: 1 });
    parseDomains(
      sectionsOf(hostSections([A], noXml, ['error: failed to connect to the hypervisor'])),
      silent,
    );
    expect(silent).toEqual({
      [`domain:${A}`]: 'dumpxml printed nothing; virsh said: error: failed to connect to the hypervisor',
    });
    const quiet: Record<string, string> = {};
    parseDomains(sectionsOf(hostSections([A], virshBatchText([{ uuid: A, xml: null }]))), quiet);
    expect(quiet).toEqual({ [`domain:${A}`]: 'dumpxml printed nothing' });
  });

  it('reports a missing or undecodable batch, odd list lines, and reads a UUID listed twice once', () => {
    const missing: Record<string, string> = {};
    expect(parseDomains(sectionsOf(hostSections([A], null)), missing)).toEqual([]);
    expect(missing).toEqual({ domains: 'virsh batch not reported by the probe' });
    const broken: Record<string, string> = {};
    parseDomains(
      sectionsOf([...hostSections([A], null), { key: 'virsh_batch', encoding: 'b64', lines: ['%%'] }]),
      broken,
    );
    expect(broken.domains).toMatch(/^malformed base64 in section virsh_batch/);
    const headless: Record<string, string> = {};
    parseDomains(sectionsOf(hostSections([A], 'EWB x\n', [], 'text')), headless);
    expect(headless).toEqual({ domains: 'virsh batch output has no EW-BATCH header: "EWB x"' });
    const odd: Record<string, string> = {};
    const domains = parseDomains(
      sectionsOf(hostSections(['web-1', A, A], virshBatchText([{ uuid: A, xml: WEB_XML }]))),
      odd,
    );
    expect(domains.map((d) => d.name)).toEqual(['web-1']);
    expect(odd).toEqual({ domains: 'virsh list printed lines that are not UUIDs, skipped: "web-1"' });
  });

  it('reports virsh failures and an empty host', () => {
    const failed: Record<string, string> = {};
    expect(
      parseDomains(
        sectionsOf([
          { key: 'virsh_list', status: 'error exit 1: error: failed to connect to the hypervisor' },
        ]),
        failed,
      ),
    ).toEqual([]);
    expect(failed).toEqual({ domains: 'error: exit 1: error: failed to connect to the hypervisor' });
    const noVirsh: Record<string, string> = {};
    parseDomains(sectionsOf([{ key: 'virsh_list', status: 'no-tool virsh' }]), noVirsh);
    expect(noVirsh).toEqual({ domains: 'virsh not installed' });
    const empty: Record<string, string> = {};
    expect(parseDomains(sectionsOf([{ key: 'virsh_list', lines: [] }]), empty)).toEqual([]);
    expect(empty).toEqual({});
  });
});
