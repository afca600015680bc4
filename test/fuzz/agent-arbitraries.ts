// Agent script output (lib/probe/script-sh-agent.ts) as a hostile guest agent could make it: every
// reply the guests control (file contents, error texts, handles, whole reply lines, huge ones), for
// two guests asked in one poll, a libvirt one (index 0) and a Proxmox VE one (index 1). A guest's read
// must depend on its own sections only (the spoofing property in ./targets.ts).
import fc from 'fast-check';
import { hugeValue, value } from './arbitraries';

export const AGENT_NONCE = '0b7c3f9e-5d1a-4e2b-8c6f-a1b2c3d4e5f6';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const digits = (d: '1' | '2') => fc.integer({ min: 1, max: 20 }).map((n) => d.repeat(n));

/** What a guest puts in a file or an error: its own digits, or anything. */
const content = (d: '1' | '2') =>
  fc.oneof(
    { weight: 3, arbitrary: digits(d) },
    { weight: 3, arbitrary: value },
    { weight: 1, arbitrary: hugeValue },
  );

/** One reply line an agent may produce (as libvirt prints it), or a line that is no reply at all. */
const libvirtReply = (d: '1' | '2') =>
  fc.oneof(
    fc.nat({ max: 100000 }).map((h) => `{"return":${h}}`),
    content(d).map((c) => `{"return":{"count":${c.length},"buf-b64":"${b64(c)}","eof":true}}`),
    content(d).map((c) => JSON.stringify({ error: { class: 'GenericError', desc: c } })),
    // a reply that tries to look like the other guest's slot or a frame line
    fc.constantFrom(`EWM ${AGENT_NONCE} 0`, 'EWM guess 1', '@= ok', '@@ agent.1.0', 'EW-END'),
    value,
  );

const slotLines = (d: '1' | '2') =>
  fc
    .array(fc.tuple(fc.nat({ max: 6 }), libvirtReply(d)), { maxLength: 8 })
    .map((pairs) => pairs.flatMap(([slot, reply]) => [`EWM ${AGENT_NONCE} ${slot}`, reply]));

const pveLine = (d: '1' | '2') =>
  fc.oneof(
    content(d).map((c) => JSON.stringify({ 'bytes-read': c.length, content: c })),
    content(d).map((c) => JSON.stringify({ content: c, truncated: 1 })),
    value,
  );

// The script prefixes every line it prints with "|" (a guest's text cannot start a frame line).
const section = (key: string, lines: string[], close: string) =>
  [`@@ ${key}`, ...lines.flatMap((l) => l.split('\n').map((p) => `|${p}`)), close].join('\n');

// Every file opened and read, each with the guest's content (the path where values are kept).
const wellFormed = fc.array(content('1'), { minLength: 6, maxLength: 6 }).map((files) => ({
  open: files.flatMap((_c, k) => [`EWM ${AGENT_NONCE} ${k}`, `{"return":${1000 + k}}`]),
  read: files.flatMap((c, k) => [
    `EWM ${AGENT_NONCE} ${k}`,
    `{"return":{"count":${c.length},"buf-b64":"${b64(c)}","eof":true}}`,
    '{"return":{}}',
  ]),
}));
const libvirtSlots = fc.oneof(wellFormed, fc.record({ open: slotLines('1'), read: slotLines('1') }));

/** The sections of guest 0 (libvirt) and of guest 1 (Proxmox VE), each as the script prints them. */
export const agentSections: fc.Arbitrary<{ g0: string; g1: string }> = fc
  .record({
    libvirt: libvirtSlots,
    err: fc.array(content('1'), { maxLength: 3 }),
    pve: fc.array(
      fc.tuple(
        pveLine('2'),
        fc.oneof(
          fc.constant('@= ok'),
          content('2').map((c) => `@= error exit 255: ${c}`),
        ),
      ),
      { maxLength: 6 },
    ),
  })
  .map((r) => ({
    g0: [
      section('agent.0.open', r.libvirt.open, '@= ok'),
      section('agent.0.err', r.err, '@= ok'),
      section('agent.0.read', r.libvirt.read, '@= ok'),
    ].join('\n'),
    g1: r.pve
      .map(([line, close], slot) => section(`agent.1.${slot}`, [line], close.replace(/\n/g, ' ')))
      .join('\n'),
  }));

/** The whole agent script output around both guests' sections. */
export function agentFrame(g0: string, g1: string): string {
  return ['EW-PROBE 1', g0, g1, 'EW-END', ''].filter((l, i) => i >= 3 || l !== '').join('\n');
}
