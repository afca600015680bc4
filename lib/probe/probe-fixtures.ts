// Test data only: probe outputs as real targets print them, for the parser's unit tests.
// Fingerprints next to keys were printed by `ssh-keygen -lf` for those exact keys.
import { gzipSync } from 'node:zlib';

export const KEYS = {
  ed25519: {
    line: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAWuPJucfVyE+XormwsnsUYJIryZ0f5aKIjbeiLniF8i root@guest-1',
    fingerprint: 'SHA256:iC2gKg/npaNDFiniZg2iMHQ0A0BE3+Cq168wkrf6+No',
  },
  ecdsa: {
    line: 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDA0D7lBCC3cQvMtNms4lt0H3UxVa2Fj6BafqWDQY7Peezt5lOOsJYMWmmLOLV2IxkCKXuv20bvwqr5o9a5VXbc= root@guest-1',
    fingerprint: 'SHA256:HXQIV2roVpMtBaiVpzD9hnj20Zt9I4NxMHI56O8rpo8',
  },
  rsa: {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDRUHOF6m5QWYaoedJTm4VDyafVK5z7zsPALa+Y07buQrFPolIJK5uUtzEuGrQ7H8nZx9M6zZoSf+c+XTnjELPefNJC8JAwkHV9NToDDGsnt5Xb4UTjWU+3+BPDx4uzl2NjhB5GfxTQPz618hgxoY6h/5BmGzWdYkxFeRkpROcXWTiQk44AcKtHO5whjFVzouWqy8oRkDD4EVe5Y8cmu3xqUEKjnjFUrP2O5NXjiLM9Gx/Sb49JpQWoWoEj4RcT/QyQIASZrdgHG2iVCCQ8wfiyfVTHJBAbus4M+ofGt1OmcAgWB0QL7A770pXrMLd5aRKaJ6wcMb3d+G2QZvSUcuIT root@legacy-host',
    fingerprint: 'SHA256:YPZQSFcO1Fh/kzv1hHo1rH0SRIHonqhKoZ7EWkC6APM',
  },
};

/** A modern guest: kernel 6.x, 256-bit pool, virtio-rng selected, no feeder daemon. */
export const MODERN_GUEST = `EW-PROBE 1
@@ kernel_release
|6.8.0-49-generic
@= ok
@@ uptime
|86400.52 170012.33
@= ok
@@ entropy_avail
|256
@= ok
@@ poolsize
|256
@= ok
@@ rng_available
|virtio_rng.0 none
@= ok
@@ rng_current
|virtio_rng.0
@= ok
@@ rng_quality
|1000
@= ok
@@ hwrng
|yes
@= ok
@@ rng_daemons
|hwrng
@= ok
@@ cpu_flags
| fpu vme de pse tsc msr pae mce cx8 apic sep mtrr rdrand hypervisor lahf_lm rdseed adx smap
@= ok
@@ machine_id
|0f6d1c2e9a8b4c7d8e9f0a1b2c3d4e5f
@= ok
@@ ssh_host_keys
|${KEYS.ecdsa.line}
|${KEYS.ed25519.line}
@= ok 
@@ random_seed_sha256
|9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  -
@= ok
@@ os_release
|PRETTY_NAME="Ubuntu 24.04.1 LTS"
|NAME="Ubuntu"
|VERSION_ID="24.04"
|ID=ubuntu
|ID_LIKE=debian
|HOME_URL="https://www.ubuntu.com/"
@= ok
EW-END
`;

export interface FixtureSection {
  key: string;
  lines?: string[];
  status?: string;
  encoding?: string;
}

/** Frames sections the way the probe script prints them. */
export function probeOutput(
  sections: FixtureSection[],
  opts: { header?: string; end?: boolean } = {},
): string {
  const out = [opts.header ?? 'EW-PROBE 1'];
  for (const s of sections) {
    out.push(s.encoding ? `@@ ${s.key} ${s.encoding}` : `@@ ${s.key}`);
    for (const l of s.lines ?? []) out.push(`|${l}`);
    out.push(`@= ${s.status ?? 'ok'}`);
  }
  if (opts.end !== false) out.push('EW-END');
  return `${out.join('\n')}\n`;
}

/** Splits encoded text into 76-character lines like base64(1) does. */
function wrap(text: string): string[] {
  return text.match(/.{1,76}/g) ?? [];
}

export function b64Lines(data: string | Buffer, gzip = false): string[] {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  return wrap((gzip ? gzipSync(buf) : buf).toString('base64'));
}

/** `od -An -v -tx1` style: 16 space-separated hex bytes per line. */
export function hexLines(data: string | Buffer, gzip = false): string[] {
  const raw = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  const buf = gzip ? gzipSync(raw) : raw;
  const lines: string[] = [];
  for (let i = 0; i < buf.length; i += 16) {
    lines.push(` ${[...buf.subarray(i, i + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);
  }
  return lines;
}

/** A running production domain: virtio disk with cache=none, a cdrom, an rbd disk, an rng with rate. */
export const WEB_XML = `<domain type='kvm' id='3'>
  <name>web-1</name>
  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
  <genid>43dc0cf8-809b-4adb-9bea-a9abb5f3d90d</genid>
  <memory unit='KiB'>2097152</memory>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'/>
      <source file='/var/lib/libvirt/images/web-1.qcow2' index='2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <disk type='network' device='disk'>
      <driver name='qemu' type='raw' cache='writeback'/>
      <source protocol='rbd' name='pool/web-1-data'>
        <host name='10.0.0.5' port='6789'/>
      </source>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <rng model='virtio'>
      <rate bytes='1024' period='1000'/>
      <backend model='random'>/dev/urandom</backend>
    </rng>
  </devices>
</domain>`;

/** An old domain: a block disk with cache=writethrough and an rng without a rate limit. */
export const DB_XML = `<domain type='kvm'>
  <name>db-1</name>
  <uuid>0c7d5e2a-1111-4a4b-9c9d-2e2f3a4b5c6d</uuid>
  <devices>
    <disk type='block' device='disk'>
      <driver name='qemu' type='raw' cache='writethrough' io='threads'/>
      <source dev='/dev/vg0/db-1'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <rng model='virtio'>
      <backend model='random'>/dev/random</backend>
    </rng>
  </devices>
</domain>`;

/** A guest with no rng and a disk on a storage pool volume. */
export const BUILD_XML = `<domain type='kvm'>
  <name>build 'x'; rm -rf ~ #</name>
  <devices>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source pool='default' volume='build.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>`;

export const WEB_UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f';
export const DB_UUID = '0c7d5e2a-1111-4a4b-9c9d-2e2f3a4b5c6d';
/** BUILD_XML has no <uuid>: the one `virsh list --uuid` printed stands in. */
export const BUILD_UUID = '9a3e4b1c-2d5f-4e6a-8b7c-0d1e2f3a4b5c';

/** The nonce of the fixture batches (the script reads a fresh one from the kernel per run). */
export const NONCE = '3f1c9a52-7d2e-4b8a-9c61-0e5f2a7b8c9d';

export interface BatchDomain {
  uuid: string;
  /** domstate's output; null when domstate failed (it then prints only an empty line) */
  state?: string | null;
  /** dumpxml's output; null when dumpxml failed */
  xml?: string | null;
}

/**
 * The virsh batch stream as the probe builds it (see ./script-sh-virsh.ts): the script's header,
 * virsh's `echo` frames around domstate and dumpxml output (non-quiet virsh ends each with an empty
 * line), and the script's exit trailer (`exit: null` leaves it out, as a cut-off stream would).
 */
export function virshBatchText(
  domains: BatchDomain[],
  opts: { nonce?: string; exit?: number | null } = {},
): string {
  const n = opts.nonce ?? NONCE;
  const out = [`EW-BATCH ${n}`];
  for (const d of domains) {
    out.push(`EWB ${n} ${d.uuid}`, d.state === null ? '' : `${d.state ?? 'running'}\n`);
    out.push(`EWX ${n}`, d.xml === null ? '' : `${d.xml ?? `<domain><name>${d.uuid}</name></domain>`}\n`);
  }
  if (opts.exit !== null) out.push('', `EWE ${n} ${opts.exit ?? 0}`);
  return `${out.join('\n')}\n`;
}

const QEMU_WEB =
  ['/usr/bin/qemu-system-x86_64', '-name', 'guest=web-1,debug-threads=on', '-S'].join('\0') + '\0';

/** A legacy 4.19 host: 4096-bit pool, no hwrng, haveged, three domains, qemu and haveged holders. */
export function legacyHostOutput(): string {
  return probeOutput([
    { key: 'kernel_release', lines: ['4.19.0-27-amd64'] },
    { key: 'uptime', lines: ['3000000.11 11000000.40'] },
    { key: 'entropy_avail', lines: ['3012'] },
    { key: 'poolsize', lines: ['4096'] },
    { key: 'rng_available', lines: [''] },
    { key: 'rng_current', lines: ['none'] },
    { key: 'rng_quality', status: 'missing' },
    { key: 'hwrng', lines: ['no'] },
    { key: 'rng_daemons', lines: ['haveged'] },
    { key: 'cpu_flags', lines: [' fpu vme de pse tsc msr pae mce cx8 apic sep sse sse2 ht syscall nx lm'] },
    { key: 'machine_id', lines: ['5a1f0e2d3c4b5a69788796a5b4c3d2e1'] },
    { key: 'ssh_host_keys', lines: [KEYS.rsa.line] },
    { key: 'random_seed_sha256', status: 'denied' },
    {
      key: 'os_release',
      lines: ['PRETTY_NAME="Debian GNU/Linux 10 (buster)"', 'ID=debian', 'VERSION_ID="10"'],
    },
    {
      key: 'lsof',
      lines: ['p812', 'chaveged', 'f3', 'n/dev/random', 'p2301', 'cqemu-system-x86', 'f17', 'n/dev/urandom'],
    },
    { key: 'cmdline.812', encoding: 'b64', lines: b64Lines('/usr/sbin/haveged\0--Foreground\0') },
    { key: 'cmdline.2301', encoding: 'b64', lines: b64Lines(QEMU_WEB) },
    { key: 'virsh_list', lines: [WEB_UUID, DB_UUID, BUILD_UUID, ''] },
    {
      key: 'virsh_batch',
      encoding: 'gz-b64',
      lines: b64Lines(
        virshBatchText([
          { uuid: WEB_UUID, state: 'running', xml: WEB_XML },
          { uuid: DB_UUID, state: 'shut off', xml: DB_XML },
          { uuid: BUILD_UUID, state: 'paused', xml: BUILD_XML },
        ]),
        true,
      ),
    },
    { key: 'virsh_batch_stderr', lines: [] },
  ]);
}
