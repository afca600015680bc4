import { describe, expect, it } from 'vitest';
import { parseProbeFrame } from './parse-frame';
import { parseDomains, parseHolders, parseLsofFields } from './parse-host';
import { b64Lines, hexLines, probeOutput, WEB_XML, type FixtureSection } from './probe-fixtures';

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
  it('skips a domain whose XML is broken or unreadable and goes on with the others', () => {
    const errors: Record<string, string> = {};
    const domains = parseDomains(
      sectionsOf([
        { key: 'virsh_list', lines: ['bad', 'gone', 'web-1', 'nostate', ''] },
        { key: 'domain.0.name', lines: ['bad'] },
        { key: 'domain.0.state', lines: ['running'] },
        { key: 'domain.0.xml', encoding: 'b64', lines: b64Lines('<domain><name>bad</name>') },
        { key: 'domain.1.name', lines: ['gone'] },
        { key: 'domain.1.state', status: "error exit 1: error: failed to get domain 'gone'" },
        { key: 'domain.1.xml', status: "error exit 1: error: failed to get domain 'gone'" },
        { key: 'domain.2.name', lines: ['web-1'] },
        { key: 'domain.2.state', lines: ['', 'running', ''] },
        { key: 'domain.2.xml', encoding: 'gz-b64', lines: b64Lines(WEB_XML, true) },
        { key: 'domain.3.name', lines: ['nostate'] },
        { key: 'domain.3.state', status: 'error exit 1: boom' },
        { key: 'domain.3.xml', encoding: 'b64', lines: b64Lines('<domain><name>other-name</name></domain>') },
      ]),
      errors,
    );
    expect(domains.map((d) => [d.name, d.state, d.disks.length, d.rngs.length])).toEqual([
      ['web-1', 'running', 3, 1],
      ['nostate', null, 0, 0],
    ]);
    expect(errors).toEqual({
      'domain:bad': "malformed domain XML at line 1, column 1: Unclosed tag 'domain'.",
      'domain:gone': "dumpxml error: exit 1: error: failed to get domain 'gone'",
      'domainState:nostate': 'domstate error: exit 1: boom',
    });
  });

  it('reports virsh failures and output cut between domains', () => {
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
    const short: Record<string, string> = {};
    parseDomains(sectionsOf([{ key: 'virsh_list', lines: ['a', 'b'] }]), short);
    expect(short).toEqual({ domains: 'virsh listed 2 domains but the probe reported 0' });
    const empty: Record<string, string> = {};
    expect(parseDomains(sectionsOf([{ key: 'virsh_list', lines: [] }]), empty)).toEqual([]);
    expect(empty).toEqual({});
  });
});
