// The framing layer of probe output (see the format in ./script.ts): header, sections, end marker.
// Pure: turns stdout into sections and leaves the meaning of each value to ./parse.ts.
import { gunzipSync } from 'node:zlib';
import { PROBE_VERSION } from './script';
import { escapeForbidden, safeExcerpt } from './input-policy';

export type SectionStatus = 'ok' | 'missing' | 'denied' | 'no-tool' | 'error';
export type SectionEncoding = 'text' | 'b64' | 'hex' | 'gz-b64' | 'gz-hex';

export interface ProbeSection {
  key: string;
  encoding: SectionEncoding;
  lines: string[];
  /** null when the section was never closed */
  status: SectionStatus | null;
  /** tool name for no-tool, stderr excerpt for error/denied */
  detail: string;
}

export type FrameResult =
  { ok: true; sections: Map<string, ProbeSection>; problems: string[] } | { ok: false; error: string };

const HEADER = /^EW-PROBE (\S+)$/;
const OPEN = /^@@ ([a-z0-9_.]+)(?: (\S+))?$/;
const CLOSE = /^@= (\S+)(?: (.*))?$/;
const STATUSES = new Set<string>(['ok', 'missing', 'denied', 'no-tool', 'error']);
const ENCODINGS = new Set<string>(['text', 'b64', 'hex', 'gz-b64', 'gz-hex']);
/** Decoded blobs are bounded too: a gzip bomb must not exhaust memory. */
export const MAX_DECODED_BYTES = 4 * 1024 * 1024;

/** A short, escaped, quoted excerpt of a value for error messages (no control or bidi characters). */
export function excerpt(value: string, max = 60): string {
  return safeExcerpt(value, max);
}

function notProbe(stdout: string, why: string): { ok: false; error: string } {
  return { ok: false, error: `not Entropy Watch probe output: ${excerpt(stdout, 80)} (${why})` };
}

// Control and bidi characters in stderr text would garble logs and the dashboard: they are shown
// escaped, never raw.
function cleanDetail(detail: string): string {
  const cut = detail.length > 240 ? `${detail.slice(0, 240)}…` : detail;
  return escapeForbidden(cut.replace(/\t/g, ' ')).trim();
}

/** Splits probe stdout into sections; fails only when the output is not a whole probe report. */
export function parseProbeFrame(stdout: string): FrameResult {
  const lines = stdout.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  // Shell start-up files may print before the script runs: skip to the header.
  const start = lines.findIndex((l) => HEADER.test(l));
  if (start < 0) return notProbe(stdout, 'no EW-PROBE header');
  const version = HEADER.exec(lines[start] ?? '')?.[1];
  if (version !== String(PROBE_VERSION))
    return notProbe(stdout, `unknown probe version ${excerpt(version ?? '')}`);
  const end = lines.lastIndexOf('EW-END');
  if (end < start) return notProbe(stdout, 'no EW-END end marker: the output was cut short');

  const sections = new Map<string, ProbeSection>();
  const problems: string[] = [];
  let open: ProbeSection | null = null;
  const finish = (s: ProbeSection) => {
    if (sections.has(s.key)) problems.push(`duplicate section ${s.key} ignored`);
    else sections.set(s.key, s);
  };
  for (const line of lines.slice(start + 1, end)) {
    if (line.startsWith('|')) {
      if (open) open.lines.push(line.slice(1));
      else problems.push(`value line outside a section: ${excerpt(line)}`);
      continue;
    }
    const o = OPEN.exec(line);
    if (o) {
      if (open) {
        problems.push(`section ${open.key} was not closed`);
        finish(open);
      }
      const enc = o[2] ?? 'text';
      if (!ENCODINGS.has(enc)) problems.push(`section ${o[1]}: unknown encoding ${excerpt(enc)}`);
      open = { key: o[1] ?? '', encoding: enc as SectionEncoding, lines: [], status: null, detail: '' };
      continue;
    }
    const c = CLOSE.exec(line);
    if (c && open) {
      const status = c[1] ?? '';
      open.detail = cleanDetail(c[2] ?? '');
      if (STATUSES.has(status)) open.status = status as SectionStatus;
      else {
        open.status = 'error';
        open.detail = `unknown status ${excerpt(status)}`;
      }
      if (!ENCODINGS.has(open.encoding)) {
        open.status = 'error';
        open.detail = `unknown encoding ${excerpt(open.encoding)}`;
      }
      finish(open);
      open = null;
      continue;
    }
    if (line !== '') problems.push(`unexpected line: ${excerpt(line)}`);
  }
  if (open) {
    problems.push(`section ${open.key} was not closed`);
    finish(open);
  }
  return { ok: true, sections, problems };
}

/** Why a section holds no usable value, in the words fieldErrors uses. */
export function describeFailure(section: ProbeSection | undefined): string {
  if (!section) return 'not reported by the probe';
  const detail = section.detail;
  switch (section.status) {
    case 'ok':
      return 'ok';
    case 'missing':
      return 'missing';
    case 'denied':
      return detail ? `permission denied: ${detail}` : 'permission denied';
    case 'no-tool':
      return `${detail || 'a required tool'} not installed`;
    case 'error':
      return detail ? `error: ${detail}` : 'error';
    default:
      return 'cut short (section not closed)';
  }
}

/** The text value of a section (its lines joined). */
export function sectionText(section: ProbeSection): string {
  return section.lines.join('\n');
}

/** The decoded bytes of an encoded section; throws with a clear message when the encoding is broken. */
export function sectionBytes(section: ProbeSection, maxBytes = MAX_DECODED_BYTES): Buffer {
  const joined = section.lines.join('');
  const [zip, enc] = section.encoding.startsWith('gz-')
    ? [true, section.encoding.slice(3)]
    : [false, section.encoding];
  let raw: Buffer;
  if (enc === 'b64') {
    const compact = joined.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
      throw new Error(`malformed base64 in section ${section.key}: ${excerpt(compact)}`);
    }
    raw = Buffer.from(compact, 'base64');
  } else if (enc === 'hex') {
    const compact = joined.replace(/\s+/g, '');
    if (compact.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(compact)) {
      throw new Error(`malformed hex in section ${section.key}: ${excerpt(compact)}`);
    }
    raw = Buffer.from(compact, 'hex');
  } else {
    raw = Buffer.from(sectionText(section), 'utf8');
  }
  if (!zip) return raw;
  try {
    return gunzipSync(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    throw new Error(`cannot gunzip section ${section.key}: ${(err as Error).message}`);
  }
}
