// fast-check arbitraries for the parsers' inputs: what a hostile tenant (or a broken host) can print.
// Structure-aware where random bytes would never get past the framing, random where structure would
// hide a crash: sections with every key and encoding the probe knows, hostile characters, huge values,
// domain XML and QEMU command lines built from templates and then cut and spliced.
import fc from 'fast-check';
import {
  b64Lines,
  hexLines,
  KEYS,
  legacyHostOutput,
  MODERN_GUEST,
  NONCE,
} from '../../lib/probe/probe-fixtures';

/** Characters the input policy refuses, and a few more that break naive parsers. */
export const HOSTILE_CHARS = [
  '\u0000',
  '\u0007',
  '\u0008',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud800',
];

const TOKENS = [
  'virtio_rng.0',
  'none',
  'tpm-rng-0',
  '256',
  '4096',
  'yes',
  'no',
  'rngd',
  'haveged',
  'rdrand rdseed',
  '6.8.0-49-generic',
  'ID=ubuntu',
  'ID_LIKE="rhel fedora"',
  KEYS.ed25519.line,
  KEYS.ecdsa.line,
  '0f6d1c2e9a8b4c7d8e9f0a1b2c3d4e5f',
  'p2301',
  'cqemu-system-x86',
  'n/dev/random',
  'n/dev/urandom',
  'f3',
  '6695eb01-f6a4-8304-79aa-97f2502e193f',
  '<domain>',
  '</domain>',
  '&amp;',
  '&#27;',
  '|',
  '@@ ',
  '@= ok',
  'EW-END',
  `EWB ${NONCE} `,
  '\u001b]52;c;cm0gLXJmIH4=\u0007',
  '\u001b[2J',
];

/** A short string mixing tokens, hostile characters and random Unicode. */
export const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_CHARS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

/** A value: a few fragments. */
export const value: fc.Arbitrary<string> = fc
  .array(fragment, { maxLength: 6 })
  .map((parts) => parts.join(''));

/** One character repeated up to 300 KiB: a 200 KiB kernel release, a name over every length bound. */
export const hugeValue: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('6', 'a', '\u202e', '\u001b', ' '), fc.integer({ min: 64, max: 300 * 1024 }))
  .map(([c, n]) => c.repeat(n));

/** Usually a value, rarely a huge one (generating huge values is what costs time). */
const valueOrHuge = fc.oneof({ weight: 30, arbitrary: value }, { weight: 1, arbitrary: hugeValue });

/** Applies random cuts and insertions to `text`: near-valid input is where parsers break. */
export function mutated(base: fc.Arbitrary<string>, maxEdits = 4): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat(),
    cut: fc.nat({ max: 40 }),
    insert: fc.array(fragment, { maxLength: 3 }),
  });
  return fc.tuple(base, fc.array(edit, { maxLength: maxEdits })).map(([text, edits]) => {
    let out = text;
    for (const e of edits) {
      const at = out.length === 0 ? 0 : e.at % (out.length + 1);
      out = out.slice(0, at) + e.insert.join('') + out.slice(at + e.cut);
    }
    return out;
  });
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
const attr = fc.oneof(fc.constantFrom('none', 'writeback', 'native', 'qcow2', 'unmap', 'vda', 'file'), value);

const diskXml = fc
  .record({ dev: attr, cache: attr, io: attr, source: value, type: attr, device: attr })
  .map(
    (d) =>
      `<disk type='${xmlEscape(d.type)}' device='${xmlEscape(d.device)}'>` +
      `<driver name='qemu' type='qcow2' cache='${xmlEscape(d.cache)}' io='${xmlEscape(d.io)}'/>` +
      `<source file='${xmlEscape(d.source)}'/><target dev='${xmlEscape(d.dev)}' bus='virtio'/></disk>`,
  );
const rngXml = fc
  .record({ model: attr, backend: value, bytes: fc.oneof(fc.nat().map(String), value) })
  .map(
    (r) =>
      `<rng model='${xmlEscape(r.model)}'><rate bytes='${xmlEscape(r.bytes)}' period='1000'/>` +
      `<backend model='random'>${xmlEscape(r.backend)}</backend></rng>`,
  );

/** A libvirt domain XML with hostile values, sometimes cut and spliced. */
export const domainXml: fc.Arbitrary<string> = mutated(
  fc
    .record({
      name: valueOrHuge,
      uuid: fc.oneof(fc.uuid(), value),
      disks: fc.array(diskXml, { maxLength: 4 }),
      rngs: fc.array(rngXml, { maxLength: 2 }),
      manyDisks: fc.nat({ max: 80 }),
    })
    .map(
      (d) =>
        `<domain type='kvm'>\n  <name>${xmlEscape(d.name)}</name>\n  <uuid>${xmlEscape(d.uuid)}</uuid>\n` +
        `  <devices>${d.disks.join('')}${d.rngs.join('')}` +
        `${d.manyDisks > 60 ? "<disk><target dev='vdz'/></disk>".repeat(d.manyDisks) : ''}</devices>\n</domain>`,
    ),
  3,
);

/** argv of a QEMU process: libvirt-like options with hostile values, sometimes spliced. */
export const qemuArgv: fc.Arbitrary<string[]> = fc
  .array(
    fc.oneof(
      fc.tuple(
        fc.constantFrom('-name', '--name'),
        value.map((v) => `guest=${v},debug-threads=on`),
      ),
      fc.tuple(fc.constant('-name'), value),
      fc.tuple(fc.constant('-uuid'), fc.oneof(fc.uuid(), value)),
      fc.tuple(
        fc.constant('-drive'),
        value.map((v) => `file=${v},format=qcow2,if=none,id=drive0,cache=none`),
      ),
      fc.tuple(
        fc.constant('-device'),
        value.map((v) => `virtio-blk-pci,drive=drive0,id=${v}`),
      ),
      fc.tuple(
        fc.constant('-blockdev'),
        value.map((v) => `{"driver":"file","filename":${JSON.stringify(v)},"node-name":"n0"}`),
      ),
      fc.tuple(
        fc.constant('-object'),
        value.map((v) => `{"qom-type":"rng-random","id":"rng0","filename":"${v}"}`),
      ),
      fc.tuple(
        fc.constant('-device'),
        value.map((v) => `virtio-rng-pci,rng=rng0,max-bytes=${v},period=1000`),
      ),
      fc.tuple(value, value),
    ),
    { maxLength: 8 },
  )
  .map((pairs) => ['/usr/bin/qemu-system-x86_64', ...pairs.flat()]);

/** The raw bytes of /proc/PID/cmdline for an argv (NUL-terminated), or random bytes. */
export const cmdlineBytes: fc.Arbitrary<Buffer> = fc.oneof(
  qemuArgv.map((argv) => Buffer.from(`${argv.join('\0')}\0`, 'utf8')),
  fc.uint8Array({ maxLength: 256 }).map((a) => Buffer.from(a)),
);

/** `lsof -F pcfn` output: processes and names, with hostile command names. */
export const lsofText: fc.Arbitrary<string> = mutated(
  fc
    .array(
      fc.record({
        pid: fc.oneof(fc.integer({ min: 1, max: 99999 }).map(String), value),
        command: fc.oneof(fc.constantFrom('qemu-system-x86', 'qemu-kvm', 'rngd', 'kvm'), value),
        names: fc.array(fc.oneof(fc.constantFrom('/dev/random', '/dev/urandom', '/dev/hwrng'), value), {
          maxLength: 3,
        }),
      }),
      { maxLength: 8 },
    )
    .map((procs) =>
      procs
        .map((p) => [`p${p.pid}`, `c${p.command}`, ...p.names.flatMap((n) => ['f3', `n${n}`])].join('\n'))
        .join('\n'),
    ),
  2,
);

/** A Proxmox VE VM config with hostile values. */
export const pveConfig: fc.Arbitrary<string> = mutated(
  fc
    .record({ name: value, disk: value, cache: attr, rng: value, extra: fc.array(value, { maxLength: 3 }) })
    .map(
      (c) =>
        `name: ${c.name}\nscsi0: local-lvm:${c.disk},cache=${c.cache},size=32G\nrng0: source=${c.rng},max_bytes=1024\n` +
        `vmgenid: 3f1c9a52-7d2e-4b8a-9c61-0e5f2a7b8c9d\n${c.extra.join('\n')}\n[PENDING]\nvirtio0: ${c.disk}\n`,
    ),
  3,
);

const SECTION_KEYS = [
  'kernel_release',
  'uptime',
  'entropy_avail',
  'poolsize',
  'rng_available',
  'rng_current',
  'rng_quality',
  'hwrng',
  'rng_daemons',
  'cpu_flags',
  'machine_id',
  'ssh_host_keys',
  'random_seed_sha256',
  'os_release',
  'lsof',
  'virsh_list',
  'virsh_batch_stderr',
];
const ENCODINGS = ['b64', 'hex', 'gz-b64', 'gz-hex'] as const;
const STATUSES = ['ok', 'ok', 'ok', 'missing', 'denied', 'no-tool lsof', 'error exit 1: x\u001b[2J', 'bogus'];

function encode(content: string | Buffer, encoding: (typeof ENCODINGS)[number]): string[] {
  return encoding.startsWith('b64') || encoding === 'gz-b64'
    ? b64Lines(content, encoding.startsWith('gz'))
    : hexLines(content, encoding.startsWith('gz'));
}

const textSection = fc
  .record({
    key: fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...SECTION_KEYS) },
      { weight: 1, arbitrary: value },
    ),
    lines: fc.oneof(
      { weight: 12, arbitrary: fc.array(value, { maxLength: 4 }) },
      { weight: 1, arbitrary: hugeValue.map((v) => [v]) },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 17, max: 3000 }).map((n) => Array<string>(n).fill(KEYS.ed25519.line)),
      },
    ),
    status: fc.constantFrom(...STATUSES),
  })
  .map((s) => [`@@ ${s.key}`, ...s.lines.map((l) => `|${l}`), `@= ${s.status}`]);

const cmdlineSection = fc
  .record({
    pid: fc.integer({ min: 1, max: 99999 }),
    bytes: cmdlineBytes,
    encoding: fc.constantFrom(...ENCODINGS),
  })
  .map((s) => [
    `@@ cmdline.${s.pid} ${s.encoding}`,
    ...encode(s.bytes, s.encoding).map((l) => `|${l}`),
    '@= ok',
  ]);

const lsofSection = lsofText.map((t) => ['@@ lsof', ...t.split('\n').map((l) => `|${l}`), '@= ok']);

const batchDomain = fc.record({
  uuid: fc.oneof(fc.uuid(), fc.constant('6695eb01-f6a4-8304-79aa-97f2502e193f')),
  state: fc.oneof(fc.constantFrom('running', 'shut off', 'paused'), value),
  xml: domainXml,
});

/** virsh_list + virsh_batch sections: listed UUIDs and their domstate/dumpxml records. */
const virshSections = fc
  .record({
    domains: fc.array(batchDomain, { maxLength: 4 }),
    encoding: fc.constantFrom(...ENCODINGS),
    cut: fc.boolean(),
  })
  .map(({ domains, encoding, cut }) => {
    const batch = [`EW-BATCH ${NONCE}`];
    for (const d of domains) batch.push(`EWB ${NONCE} ${d.uuid}`, d.state, `EWX ${NONCE}`, d.xml, '');
    if (!cut) batch.push(`EWE ${NONCE} 0`);
    return [
      '@@ virsh_list',
      ...domains.map((d) => `|${d.uuid}`),
      '@= ok',
      `@@ virsh_batch ${encoding}`,
      ...encode(`${batch.join('\n')}\n`, encoding).map((l) => `|${l}`),
      '@= ok',
    ];
  });

/** qemu_cmdlines / pve_configs: the host probe's nonce-framed streams (lib/probe/parse-host-qemu.ts). */
const streamSections = fc
  .record({
    qemu: fc.array(fc.tuple(fc.integer({ min: 1, max: 99999 }), qemuArgv), { maxLength: 3 }),
    pve: fc.array(fc.tuple(fc.integer({ min: 100, max: 999 }), pveConfig), { maxLength: 3 }),
    encoding: fc.constantFrom(...ENCODINGS),
    cut: fc.boolean(),
    version: fc.oneof(fc.constant('pve-manager/8.2.4/faa83925c9641325 (running kernel: 6.8.4-2-pve)'), value),
  })
  .map(({ qemu, pve, encoding, cut, version }) => {
    const stream = (header: string, records: string[]) =>
      `${header} ${NONCE}\n${records.join('\n')}${cut ? '' : `\nEWE ${NONCE}\n`}`;
    const section = (key: string, text: string) => [
      `@@ ${key} ${encoding}`,
      ...encode(text, encoding).map((l) => `|${l}`),
      '@= ok',
    ];
    return [
      ...section(
        'qemu_cmdlines',
        stream(
          'EW-QEMU',
          qemu.map(([pid, argv]) => `EWP ${NONCE} ${pid}\n${argv.join('\0')}`),
        ),
      ),
      '@@ pveversion',
      `|${version}`,
      '@= ok',
      ...section(
        'pve_configs',
        stream(
          'EW-PVE',
          pve.map(([id, conf]) => `EWF ${NONCE} ${id}\n${conf}`),
        ),
      ),
    ];
  });

/** Whole probe outputs: framed sections of every kind, or a real report cut and spliced. */
export const probeStdout: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        preamble: fc.array(value, { maxLength: 2 }),
        sections: fc.array(
          fc.oneof(textSection, textSection, cmdlineSection, lsofSection, virshSections, streamSections),
          {
            maxLength: 10,
          },
        ),
        end: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
      })
      .map((p) =>
        [...p.preamble, 'EW-PROBE 1', ...p.sections.flat(), ...(p.end ? ['EW-END'] : []), ''].join('\n'),
      ),
  },
  { weight: 3, arbitrary: mutated(fc.constantFrom(MODERN_GUEST, legacyHostOutput()), 6) },
  { weight: 1, arbitrary: value },
);

const EXAMPLE_INVENTORY = `interval: 60s
timeout: 10s
defaults:
  user: monitor
  knownHosts: ./known_hosts
hosts:
  - name: kvm-01
    address: 10.0.0.11
    guests:
      - name: web-01
        domain: web-01
        address: 192.168.122.10
        via: kvm-01
webhooks:
  - name: ops
    url: https://hooks.example.com/entropy
    secret: \${WEBHOOK_SECRET}
`;

/** Inventory YAML: the example cut and spliced, random YAML-ish text, alias bombs. */
export const inventoryYaml: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: mutated(fc.constant(EXAMPLE_INVENTORY), 5) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.tuple(
          fc.constantFrom('hosts', 'name', 'address', '- ', '  ', 'guests', '&a', '*a', '${X}', '<<'),
          value,
        ),
        {
          maxLength: 8,
        },
      )
      .map((pairs) => pairs.map(([k, v]) => `${k}: ${v}`).join('\n')),
  },
  {
    weight: 1,
    arbitrary: fc.constant(
      `a: &a ["x","x","x","x"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nhosts: [*c,*c]\n`,
    ),
  },
  { weight: 1, arbitrary: value },
);
