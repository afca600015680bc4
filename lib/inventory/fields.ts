import { z } from 'zod';
import { parseDuration } from './duration';
import { didYouMean, show } from './issues';
import { redactUrl } from './redact';

// Leaf fields of the inventory format. Each one writes its own message, so an error reads
// "expected an integer 1-65535, got "ssh"" instead of a generic type error.

function leaf<T>(
  expected: string,
  parse: (v: unknown) => T | undefined,
  describe: (v: unknown) => string = show,
) {
  return z.unknown().transform((v, ctx): T => {
    const parsed = v === undefined ? undefined : parse(v);
    if (parsed === undefined) {
      ctx.addIssue({
        code: 'custom',
        message:
          v === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${describe(v)}`,
      });
      return z.NEVER;
    }
    return parsed;
  });
}

/** `what` for messages about a map or list that has the wrong shape. */
export function shapeError(expected: string) {
  return (iss: { input?: unknown }) =>
    iss.input === undefined
      ? `missing; expected ${expected}`
      : `expected ${expected}, got ${show(iss.input)}`;
}

export const durationField = (allowZero: boolean) =>
  leaf(
    `a duration like "500ms", "10s", "2m", "4h", "1d" or a number of seconds${allowZero ? '' : ', above 0'}`,
    (v) => {
      const ms = parseDuration(v);
      return ms === undefined || (!allowZero && ms === 0) ? undefined : ms;
    },
  );

/** Integers from YAML, or digits from a `${VAR}` substitution. */
export const intField = (min: number, max: number) =>
  leaf(`an integer ${min}-${max}`, (v) => {
    const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  });

export const boolField = () =>
  leaf('true or false', (v) =>
    typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined,
  );

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const nameField = () =>
  leaf('a name of letters, digits, ".", "_" or "-" (up to 128)', (v) =>
    typeof v === 'string' && NAME.test(v) ? v : undefined,
  );

const ADDRESS = /^[A-Za-z0-9._:%-]+$/;
export const addressField = () =>
  leaf('a hostname or IP address (IPv6 without brackets)', (v) =>
    typeof v === 'string' && ADDRESS.test(v) ? v : undefined,
  );

export const userField = () =>
  leaf('a user name', (v) => (typeof v === 'string' && /^[^\s:@]+$/.test(v) ? v : undefined));

export const domainField = () =>
  leaf('a libvirt domain name', (v) =>
    typeof v === 'string' && v.trim() !== '' && !/[\n\r]/.test(v) ? v : undefined,
  );

export const pathField = () =>
  leaf('a file path', (v) => (typeof v === 'string' && v.trim() !== '' && !v.includes('\0') ? v : undefined));

/** identityFile may be set to an empty value to mean "use ssh-agent" over a default. */
export const identityField = () =>
  leaf<string | null>('a file path, or an empty value for ssh-agent', (v) =>
    v === null ? null : typeof v === 'string' && v.trim() !== '' ? v : undefined,
  );

export const libvirtUriField = () =>
  leaf('a libvirt URI such as qemu:///system', (v) =>
    typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\/\/\S*$/.test(v) ? v : undefined,
  );

export const enumField = <T extends string>(values: readonly T[]) =>
  leaf<T>(
    values.join(' | '),
    (v) => ((values as readonly unknown[]).includes(v) ? (v as T) : undefined),
    (v) => {
      const hint = typeof v === 'string' ? didYouMean(v, values) : null;
      return hint ? `${show(v)} (did you mean "${hint}"?)` : show(v);
    },
  );

/** A non-empty list of allowed modes, e.g. `[writeback, none]`. */
export const modeListField = (what: string, values: readonly string[]) =>
  z
    .array(enumField(values), { error: shapeError(`a list of ${what}`) })
    .min(1, { error: `expected at least one of ${values.join(', ')}` });

export const webhookUrlField = () =>
  leaf(
    'an http:// or https:// URL',
    (v) => {
      if (typeof v !== 'string') return undefined;
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? v : undefined;
      } catch {
        return undefined;
      }
    },
    // URLs carry credentials and tokens: never echo them whole.
    (v) => (typeof v === 'string' ? JSON.stringify(redactUrl(v)) : show(v)),
  );

// Standard Webhooks secrets are "whsec_" + base64 of the key; anything else is used as its own bytes.
const WHSEC = /^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const secretField = () =>
  leaf(
    'a non-empty string (a "whsec_" secret must be base64 after the prefix)',
    (v) => {
      const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
      if (s === '') return undefined;
      return s.startsWith('whsec_') && (s === 'whsec_' || !WHSEC.test(s)) ? undefined : s;
    },
    // Never print a secret, not even a wrong one.
    (v) =>
      typeof v === 'string'
        ? v === ''
          ? 'an empty string'
          : 'a "whsec_" secret that is not valid base64'
        : 'a value of the wrong type',
  );
