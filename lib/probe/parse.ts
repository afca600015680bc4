// Probe stdout → Observation. Pure: the collector hands in stdout and stores what comes out.
// One unreadable or malformed field never fails the whole parse: it becomes null and
// fieldErrors says why. Only output that is not a whole probe report fails (→ parse-error).
import type { TargetKind } from '../model';
import type { Observation } from './types';
import { describeFailure, excerpt, parseProbeFrame, sectionText, type ProbeSection } from './parse-frame';
import { parseSshHostKeys } from './parse-ssh-keys';
import { parseHostFacts } from './parse-host';
import { checkCount, checkText, escapeForbidden, type TextRule } from './input-policy';
import { COUNTS, RULES } from './field-rules';

/** Probe output larger than this is refused rather than parsed. */
export const MAX_PROBE_BYTES = 256 * 1024;

export type ProbeKind = TargetKind;
export type ParseProbeResult = { ok: true; observation: Observation } | { ok: false; error: string };

type Sections = Map<string, ProbeSection>;
type Errors = Record<string, string>;
/** A converter returns the value, or `undefined` when the text is malformed. */
type Convert<T> = (text: string) => T | undefined;

const integer: Convert<number> = (t) => (/^\d{1,15}$/.test(t.trim()) ? Number(t.trim()) : undefined);
const word: Convert<string> = (t) => (/^\S+$/.test(t.trim()) ? t.trim() : undefined);
const uptime: Convert<number> = (t) => {
  const m = /^(\d+(?:\.\d+)?)(?:\s|$)/.exec(t.trim());
  return m ? Number(m[1]) : undefined;
};
const machineId: Convert<string> = (t) => (/^[0-9a-f]{32}$/.test(t.trim()) ? t.trim() : undefined);
const sha256Hex: Convert<string> = (t) => /^([0-9a-f]{64})(?:\s|$)/.exec(t.trim())?.[1];
// Recent kernels list "none" in rng_available as the choice to disable the hwrng:
// it is not a device, and a guest with only "none" has no hardware RNG.
const hwrngNames: Convert<string[]> = (t) => splitWords(t).filter((w) => w !== 'none');
const yesNo: Convert<boolean> = (t) => (t.trim() === 'yes' ? true : t.trim() === 'no' ? false : undefined);
const splitWords = (t: string): string[] => t.split(/\s+/).filter((w) => w !== '');
const words: Convert<string[]> = splitWords;

/** A policy check of a converted value: a REFUSED message, or null when the value may be kept. */
type Check<T> = (value: T) => string | null;
const text =
  (rule: TextRule): Check<string> =>
  (value) =>
    checkText(value, rule);
const list =
  (rule: TextRule, max: number, what: string): Check<string[]> =>
  (values) =>
    checkCount(values.length, max, what) ?? firstRefusal(values, rule);

function firstRefusal(values: readonly string[], rule: TextRule): string | null {
  for (const v of values) {
    const why = checkText(v, rule);
    if (why) return why;
  }
  return null;
}

// Control characters anywhere in a section refuse the whole field: the value is never stored, and
// the message names the character rather than echoing it.
function refuseControls(section: ProbeSection, what: string): string | null {
  const bad = section.lines.find((l) => checkText(l, ANY_LINE) !== null);
  return bad === undefined ? null : checkText(bad, { ...ANY_LINE, what });
}
const ANY_LINE: TextRule = { what: 'value', max: Infinity, allowed: /^[\s\S]$/u, allowedWords: 'any' };

/** The section's value as T, or null with the reason recorded under each of `fields`. */
function read<T>(
  sections: Sections,
  errors: Errors,
  key: string,
  fields: string[],
  convert: Convert<T>,
  check: Check<T> = () => null,
): T | null {
  const section = sections.get(key);
  let why: string;
  if (section?.status === 'ok') {
    const raw = sectionText(section);
    const value = convert(raw);
    why =
      refuseControls(section, key.replace(/_/g, ' ')) ??
      (value === undefined ? `malformed: ${excerpt(raw)}` : (check(value) ?? ''));
    if (why === '' && value !== undefined) return value;
  } else {
    why = describeFailure(section);
  }
  for (const field of fields) errors[field] = why;
  return null;
}

// rng-tools' daemon is "rngd"; some packagings name the process after the package.
function isRngd(comm: string): boolean {
  return comm === 'rngd' || comm.startsWith('rngd-') || comm.startsWith('rng-tools');
}

/** ID and ID_LIKE from os-release text (values may be quoted). */
export function parseOsRelease(text: string): { osId: string | null; osIdLike: string[] } {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m?.[1]) vars.set(m[1], (m[2] ?? '').replace(/^(["'])(.*)\1$/, '$2'));
  }
  // os-release(5): ID defaults to "linux" when the file leaves it out.
  const osId = vars.get('ID') || 'linux';
  return { osId, osIdLike: splitWords(vars.get('ID_LIKE') ?? '') };
}

const checkOsId = text(RULES.osId);
const checkOsIdLike = list(RULES.osId, COUNTS.osIdLike, 'ID_LIKE words');

function readOsRelease(sections: Sections, errors: Errors): Pick<Observation, 'osId' | 'osIdLike'> {
  const section = sections.get('os_release');
  if (section?.status !== 'ok') {
    errors.osId = describeFailure(section);
    return { osId: null, osIdLike: [] };
  }
  // Only ID and ID_LIKE are kept, and their character set leaves no room for controls.
  const parsed = parseOsRelease(sectionText(section));
  const refusal = checkOsId(parsed.osId ?? '') ?? checkOsIdLike(parsed.osIdLike);
  if (refusal) {
    errors.osId = refusal;
    return { osId: null, osIdLike: [] };
  }
  return parsed;
}

function readSshHostKeys(sections: Sections, errors: Errors): Observation['sshHostKeys'] {
  const section = sections.get('ssh_host_keys');
  const lines = (section?.lines ?? []).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  // Over the count, or any line over its length or with a control character: the whole field is
  // refused (a partial list would be judged as if it were complete).
  const refusal =
    checkCount(lines.length, COUNTS.sshHostKeys, 'host keys') ?? firstRefusal(lines, RULES.sshKeyLine);
  if (refusal) {
    errors.sshHostKeys = refusal;
    return [];
  }
  // A denied section may still carry the keys that were readable.
  const { keys, errors: bad } = parseSshHostKeys(lines);
  const why = [section?.status === 'ok' ? null : describeFailure(section), ...bad].filter(Boolean);
  if (why.length > 0) errors.sshHostKeys = why.join('; ');
  return keys;
}

function readFlags(sections: Sections, errors: Errors) {
  const flags = read(
    sections,
    errors,
    'cpu_flags',
    ['cpuRdrand', 'cpuRdseed'],
    words,
    list(RULES.cpuFlag, COUNTS.cpuFlags, 'CPU flags'),
  );
  return {
    cpuRdrand: flags ? flags.includes('rdrand') : null,
    cpuRdseed: flags ? flags.includes('rdseed') : null,
  };
}

function readDaemons(sections: Sections, errors: Errors) {
  const comms = read(
    sections,
    errors,
    'rng_daemons',
    ['rngdRunning', 'havegedRunning'],
    (t) => t.split('\n').map((c) => c.trim()),
    list(RULES.daemonName, COUNTS.daemons, 'RNG daemon names'),
  );
  return {
    rngdRunning: comms ? comms.some(isRngd) : null,
    havegedRunning: comms ? comms.includes('haveged') : null,
  };
}

/** Longest field error kept: a message quotes at most a short excerpt of the value. */
const MAX_ERROR_LENGTH = 500;

// Messages quote tool output (virsh, XML parser) that may echo hostile text: the last line of
// defence before the store, so no field error ever carries a control or bidi character.
function cleanErrors(errors: Errors): Errors {
  const clean: Errors = {};
  for (const [key, message] of Object.entries(errors)) {
    const cut = message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
    clean[escapeForbidden(key)] = escapeForbidden(cut);
  }
  return clean;
}

/** Parses the stdout of the probe script (./script.ts) for a target of the given kind. */
export function parseProbeOutput(stdout: string, kind: ProbeKind): ParseProbeResult {
  const size = Buffer.byteLength(stdout, 'utf8');
  if (size > MAX_PROBE_BYTES) {
    return { ok: false, error: `probe output is ${size} bytes, over the ${MAX_PROBE_BYTES}-byte limit` };
  }
  const frame = parseProbeFrame(stdout);
  if (!frame.ok) return frame;
  const s = frame.sections;
  const errors: Errors = {};
  if (frame.problems.length > 0) errors.probe = frame.problems.slice(0, 5).join('; ');
  const observation: Observation = {
    kernelRelease: read(s, errors, 'kernel_release', ['kernelRelease'], word, text(RULES.kernelRelease)),
    uptimeSec: read(s, errors, 'uptime', ['uptimeSec'], uptime),
    entropyAvail: read(s, errors, 'entropy_avail', ['entropyAvail'], integer),
    poolsize: read(s, errors, 'poolsize', ['poolsize'], integer),
    rngAvailable: read(
      s,
      errors,
      'rng_available',
      ['rngAvailable'],
      hwrngNames,
      list(RULES.rngName, COUNTS.rngAvailable, 'hwrng names'),
    ),
    rngCurrent: read(s, errors, 'rng_current', ['rngCurrent'], word, text(RULES.rngName)),
    rngQuality: read(s, errors, 'rng_quality', ['rngQuality'], integer),
    hwrngPresent: read(s, errors, 'hwrng', ['hwrngPresent'], yesNo),
    ...readDaemons(s, errors),
    ...readFlags(s, errors),
    machineId: read(s, errors, 'machine_id', ['machineId'], machineId),
    sshHostKeys: readSshHostKeys(s, errors),
    randomSeedSha256: read(s, errors, 'random_seed_sha256', ['randomSeedSha256'], sha256Hex),
    ...readOsRelease(s, errors),
    fieldErrors: errors,
    host: kind === 'host' ? parseHostFacts(s, errors) : null,
  };
  observation.fieldErrors = cleanErrors(errors);
  return { ok: true, observation };
}
