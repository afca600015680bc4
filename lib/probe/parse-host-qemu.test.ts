import { describe, expect, it } from 'vitest';
import { parseProbeFrame } from './parse-frame';
import { parseHostFacts } from './parse-host';
import { parsePveNode, parseQemuProcesses } from './parse-host-qemu';
import { parseNonceStream } from './parse-nonce-stream';
import { b64Lines, hexLines, probeOutput, type FixtureSection } from './probe-fixtures';
import { fixture, fixtureArgv, procCmdline } from './qemu-fixtures';

const N = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

function sectionsOf(list: FixtureSection[]) {
  const r = parseProbeFrame(probeOutput(list));
  if (!r.ok) throw new Error(r.error);
  return r.sections;
}

/** The qemu_cmdlines stream as ew_qemu_stream prints it. */
function qemuStream(procs: [number, string[]][], end = true): Buffer {
  const parts: Buffer[] = [Buffer.from(`EW-QEMU ${N}\n`)];
  for (const [pid, argv] of procs) parts.push(Buffer.from(`\nEWP ${N} ${pid}\n`), procCmdline(argv));
  if (end) parts.push(Buffer.from(`\nEWE ${N}\n`));
  return Buffer.concat(parts);
}

function pveStream(configs: [number, string | null][]): string {
  let out = `EW-PVE ${N}\n`;
  for (const [vmid, text] of configs)
    out += text === null ? `\nEWD ${N} ${vmid}\n` : `\nEWF ${N} ${vmid}\n${text}`;
  return `${out}\nEWE ${N}\n`;
}

describe('parseNonceStream', () => {
  it('splits records on frame lines carrying the nonce only', () => {
    const s = parseNonceStream(
      `EW-X ${N}\n\nEWF ${N} 1\nline\nEWF 0000 2\n\nEWD ${N} 2\n\nEWE ${N}\n`,
      'EW-X',
    );
    expect(s).toEqual({
      records: [
        { kind: 'F', id: '1', body: 'line\nEWF 0000 2\n' },
        { kind: 'D', id: '2', body: '' },
      ],
      complete: true,
    });
    expect(parseNonceStream(`EW-X ${N}\n\nEWF ${N} 1\ncut`, 'EW-X')).toMatchObject({ complete: false });
    expect(() => parseNonceStream('EWF 1\n', 'EW-X')).toThrow(/no EW-X header/);
  });
});

describe('parseQemuProcesses', () => {
  it('reads every QEMU command line from the gzip+base64 stream, and from hex', () => {
    const stream = qemuStream([
      [4242, fixtureArgv('libvirt-virtio-rng-random.args')],
      [4343, fixtureArgv('pve-bootorder.conf.cmd')],
      [4444, []],
    ]);
    for (const section of [
      { key: 'qemu_cmdlines', encoding: 'gz-b64', lines: b64Lines(stream, true) },
      { key: 'qemu_cmdlines', encoding: 'hex', lines: hexLines(stream) },
    ]) {
      const errors: Record<string, string> = {};
      const procs = parseQemuProcesses(sectionsOf([section]), errors);
      expect(procs?.map((p) => [p.pid, p.config.name, p.config.vmid])).toEqual([
        [4242, 'QEMUGuest1', null],
        [4343, 'simple', 8006],
      ]);
      expect(errors).toEqual({});
    }
  });

  it("reads grep -z -H's one record as the cat loop's, an argument naming another file inert", () => {
    const grepOf = (procs: [number, string[]][]) =>
      procs.flatMap(([pid, argv]) => argv.map((a) => `/proc/${pid}/cmdline:${a}\0`)).join('');
    const libvirt = fixtureArgv('libvirt-virtio-rng-random.args');
    const forged = ['kvm', '-id', '8006', '-name', `x\0/proc/4242/cmdline:-name\nEWP 0000 9`, ''];
    const grep = grepOf([
      [4242, libvirt],
      [4343, fixtureArgv('pve-bootorder.conf.cmd')],
      [4545, forged.flatMap((a) => a.split('\0'))],
    ]);
    // What the probe prints when grep fails part-way: the cat loop follows for every process.
    const stream = Buffer.concat([
      Buffer.from(`EW-QEMU ${N}\n\nEWG ${N}\n${grep}`),
      qemuStream([
        [4242, ['qemu-system-x86_64', '-name', 'guest=not-this']],
        [4646, libvirt],
      ]).subarray(`EW-QEMU ${N}\n`.length),
    ]);
    const errors: Record<string, string> = {};
    const procs = parseQemuProcesses(
      sectionsOf([{ key: 'qemu_cmdlines', encoding: 'gz-b64', lines: b64Lines(stream, true) }]),
      errors,
    );
    expect(procs?.map((p) => [p.pid, p.config.name, p.config.vmid])).toEqual([
      [4242, 'QEMUGuest1', null],
      [4343, 'simple', 8006],
      [4545, 'x', 8006],
      [4646, 'QEMUGuest1', null],
    ]);
    expect(Object.keys(errors).filter((k) => k !== 'qemu:4545')).toEqual([]);

    const bad: Record<string, string> = {};
    const junk = Buffer.from(`EW-QEMU ${N}\n\nEWG ${N}\n/proc/1/cmdline:kvm\0junk\0\nEWE ${N}\n`);
    expect(
      parseQemuProcesses(sectionsOf([{ key: 'qemu_cmdlines', encoding: 'b64', lines: b64Lines(junk) }]), bad),
    ).toBeNull();
    expect(bad.qemu).toBe('QEMU command lines: a grep line without its file name: "junk"');
  });

  it('says why when the list is missing, cut short, or a process breaks the input policy', () => {
    const errors: Record<string, string> = {};
    expect(
      parseQemuProcesses(sectionsOf([{ key: 'qemu_cmdlines', status: 'no-tool base64' }]), errors),
    ).toBeNull();
    expect(errors.qemu).toBe('QEMU command lines base64 not installed');
    const cut = qemuStream(
      [
        [7, ['qemu-system-x86_64', '-name', 'guest=bad\u202ename', '-device', 'virtio-rng-pci']],
        [8, ['kvm', '-id', '100', '-device', 'virtio-rng-pci']],
      ],
      false,
    );
    const errs: Record<string, string> = {};
    const procs = parseQemuProcesses(
      sectionsOf([{ key: 'qemu_cmdlines', encoding: 'b64', lines: b64Lines(cut) }]),
      errs,
    );
    // A name that breaks the input policy is left out and named; the process itself is kept.
    expect(procs?.map((p) => [p.pid, p.config.name])).toEqual([
      [7, null],
      [8, null],
    ]);
    expect(errs.qemu).toBe('the list of QEMU processes was cut short');
    expect(errs['qemu:7']).toMatch(/^refused: domain name has invalid characters \(U\+202E/);
  });
});

describe('parsePveNode', () => {
  it('is null on a host that is not a Proxmox VE node', () => {
    expect(parsePveNode(sectionsOf([]), {})).toBeNull();
  });

  it('reads pveversion and every config, and names the ones it could not read', () => {
    const errors: Record<string, string> = {};
    const node = parsePveNode(
      sectionsOf([
        { key: 'pveversion', lines: ['pve-manager/6.4-13/9f411e79 (running kernel: 5.4.203-1-pve)'] },
        {
          key: 'pve_configs',
          encoding: 'gz-b64',
          lines: b64Lines(
            pveStream([
              [8006, fixture('pve-bootorder.conf')],
              [8007, null],
              [8008, 'scsi0: local:1/x.raw,cache=bogus\u0007\n'],
            ]),
            true,
          ),
        },
      ]),
      errors,
    );
    expect(node?.version).toMatch(/^pve-manager\/6\.4/);
    expect(node?.vms.map((v) => [v.vmid, v.disks.length])).toEqual([
      [8006, 4],
      [8008, 0],
    ]);
    // PVE 6 picks aio by cache mode (no io_uring default before 7)
    expect(node?.vms[0]?.disks.find((d) => d.target === 'scsi4')?.ioMode).toBe('native');
    expect(errors['pve:8007']).toBe('permission denied: /etc/pve/qemu-server/8007.conf');
    expect(errors['pve:8008']).toMatch(/refused/);
  });
});

describe('parseHostFacts with QEMU processes', () => {
  const pveSections = (procs: [number, string[]][]) =>
    sectionsOf([
      { key: 'lsof', lines: [] },
      { key: 'virsh_list', status: 'no-tool virsh' },
      { key: 'qemu_cmdlines', encoding: 'gz-b64', lines: b64Lines(qemuStream(procs), true) },
      { key: 'pveversion', lines: ['pve-manager/9.1.2/9d436f37a0ac4172 (running kernel: 6.17.2-2-pve)'] },
      {
        key: 'pve_configs',
        encoding: 'gz-b64',
        lines: b64Lines(
          pveStream([
            [103, fixture('pve9-103.conf')],
            [8006, fixture('pve-bootorder.conf')],
          ]),
          true,
        ),
      },
    ]);

  it('on Proxmox VE: a running VM is judged on its command line, a stopped one on its config', () => {
    const errors: Record<string, string> = {};
    const facts = parseHostFacts(pveSections([[900, fixtureArgv('pve9-showcmd-103.cmd')]]), errors);
    expect(errors).toEqual({});
    expect(facts.platform).toBe('proxmox');
    expect(facts.pveVersion).toMatch(/^pve-manager\/9\.1\.2/);
    const [mcp, simple] = facts.domains;
    expect(mcp).toMatchObject({
      name: 'MCP',
      vmid: 103,
      pid: 900,
      state: 'running',
      judgedFrom: 'running',
      platform: 'proxmox',
    });
    expect(mcp?.disks.find((d) => d.target === 'scsi0')).toMatchObject({
      type: 'block',
      cacheMode: 'none',
      ioMode: 'io_uring',
    });
    expect(mcp?.defined?.disks.find((d) => d.target === 'scsi0')).toMatchObject({
      type: 'volume',
      source: 'local-lvm:vm-103-disk-1',
    });
    expect(simple).toMatchObject({
      name: 'simple',
      vmid: 8006,
      state: 'shut off',
      judgedFrom: 'definition',
      defined: null,
      pid: null,
    });
  });

  it('on libvirt: matches a process by UUID, keeps the XML as the definition, names disks by <target dev>', () => {
    const xml = `<domain type='kvm'><name>QEMUGuest1</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
      <devices><disk type='block' device='disk'><driver name='qemu' type='qcow2' cache='none'/>
      <source dev='/dev/HostVG/QEMUGuest1'/><target dev='hda' bus='ide'/></disk></devices></domain>`;
    const batch = `EW-BATCH ${N}\nEWB ${N} c7a5fdbd-edaf-9455-926a-d65c16db1809\nrunning\nEWX ${N}\n${xml}\nEWE ${N} 0\n`;
    const argv = fixtureArgv('libvirt-disk-cache.args');
    const errors: Record<string, string> = {};
    const facts = parseHostFacts(
      sectionsOf([
        { key: 'lsof', lines: [] },
        { key: 'virsh_list', lines: ['c7a5fdbd-edaf-9455-926a-d65c16db1809'] },
        { key: 'virsh_batch', encoding: 'gz-b64', lines: b64Lines(batch, true) },
        { key: 'virsh_batch_stderr', lines: [] },
        {
          key: 'qemu_cmdlines',
          encoding: 'gz-b64',
          lines: b64Lines(
            qemuStream([
              [31, argv],
              [32, ['qemu-system-x86_64', '-name', 'guest=orphan']],
            ]),
            true,
          ),
        },
      ]),
      errors,
    );
    expect(facts.platform).toBe('libvirt');
    // the process without a single device option describes no guest: no extra domain from it
    expect(facts.domains).toHaveLength(1);
    const d = facts.domains[0];
    expect(d).toMatchObject({ name: 'QEMUGuest1', pid: 31, judgedFrom: 'running', state: 'running' });
    // All five disks run from the same LV: the XML's one disk names the first; the others keep their
    // -device id (each definition disk names one running disk at most).
    expect(d?.disks.map((x) => [x.target, x.cacheMode])).toEqual([
      ['hda', 'writeback'],
      ['ide0-0-1', 'unsafe'],
      ['scsi0-0-0', 'none'],
      ['virtio-disk0', 'writethrough'],
      ['usb-disk1', 'directsync'],
    ]);
    expect(d?.defined?.disks).toEqual([expect.objectContaining({ target: 'hda', cacheMode: 'none' })]);
  });

  it('on a host without virsh or Proxmox: every QEMU process is a guest of its own', () => {
    const errors: Record<string, string> = {};
    const facts = parseHostFacts(
      sectionsOf([
        { key: 'lsof', lines: [] },
        { key: 'virsh_list', status: 'no-tool virsh' },
        {
          key: 'qemu_cmdlines',
          encoding: 'b64',
          lines: b64Lines(qemuStream([[77, fixtureArgv('qemu-blockdev-keyval.sh')]])),
        },
      ]),
      errors,
    );
    expect(facts.platform).toBe('qemu');
    expect(facts.domains).toEqual([
      expect.objectContaining({
        name: 'avocado-vt-vm1',
        platform: 'qemu',
        pid: 77,
        state: 'running',
        judgedFrom: 'running',
      }),
    ]);
    expect(facts.domains[0]?.disks.map((x) => x.target)).toEqual(['image1', 'stg0']);
    expect(errors.domains).toBeUndefined();
    expect(errors.libvirt).toMatch(/a shut-off guest is not seen/);
  });
});
