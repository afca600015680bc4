// The input policy at the parser boundary. A guest's tenant controls every byte the probe reads there
// (and a host's users name their processes and domains), so every text value has a maximum length and
// an allowed character set, and every list a maximum count. A value that breaks the policy is refused
// as a field error that starts with REFUSED and is never stored; a list over its count is an error
// as a whole, never a truncated list (a truncated list would be judged as if it were complete).

/** Every policy error starts with this, so stores and rules can tell a refusal from a missing file. */
export const REFUSED = 'refused: ';

// C0 controls, DEL and C1 controls (all of \p{Cc}), the Unicode bidi controls that reorder text on
// screen ("Trojan Source", CVE-2021-42574: U+061C, U+200E/F, U+202A–E, U+2066–9) and the two
// Unicode line terminators JavaScript and some terminals treat as newlines.
const FORBIDDEN_SOURCE = '[\\p{Cc}\\p{Bidi_Control}\\u2028\\u2029]';
const FORBIDDEN = new RegExp(FORBIDDEN_SOURCE, 'u');
const FORBIDDEN_ALL = new RegExp(FORBIDDEN_SOURCE, 'gu');

/** True when the text holds a character no field may hold (controls, bidi overrides). */
export function hasForbiddenChars(text: string): boolean {
  return FORBIDDEN.test(text);
}

/** Text with every forbidden character written as \u{XX}, safe to show in messages and logs. */
export function escapeForbidden(text: string): string {
  return text.replace(FORBIDDEN_ALL, (c) => `\\u{${c.codePointAt(0)?.toString(16).toUpperCase()}}`);
}

/** A short, quoted excerpt of a value for error messages, with nothing a terminal would act on. */
export function safeExcerpt(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  // JSON.stringify escapes C0 controls but leaves DEL, C1 and bidi controls raw.
  return escapeForbidden(JSON.stringify(cut));
}

export interface TextRule {
  /** what the value is, for messages: "kernel release" */
  what: string;
  /** maximum length in UTF-16 code units (= characters for the ASCII rules) */
  max: number;
  /** the characters a value may consist of (checked after the forbidden ones) */
  allowed: RegExp;
  /** the allowed set in words, for messages */
  allowedWords: string;
}

const hex4 = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` breaks `rule` (a message starting with REFUSED), or null when it is acceptable. */
export function checkText(value: string, rule: TextRule): string | null {
  const bad = FORBIDDEN.exec(value);
  if (bad)
    return `${REFUSED}${rule.what} has invalid characters (${hex4(bad[0])} at character ${bad.index + 1})`;
  if (value.length > rule.max) {
    return `${REFUSED}${rule.what} is too long (${value.length} characters, at most ${rule.max})`;
  }
  for (let i = 0; i < value.length; i++) {
    const c = String.fromCodePoint(value.codePointAt(i) ?? 0);
    if (!rule.allowed.test(c)) {
      return `${REFUSED}${rule.what} has invalid characters (${hex4(c)} at character ${i + 1}; allowed: ${rule.allowedWords})`;
    }
    if (c.length === 2) i++;
  }
  return null;
}

/** Why a list of `count` items breaks its bound (a message starting with REFUSED), or null. */
export function checkCount(count: number, max: number, what: string): string | null {
  return count > max ? `${REFUSED}too many ${what} (${count}, at most ${max})` : null;
}

/** Thrown by parsers that report failure by throwing (the domain XML parser); message starts with REFUSED. */
export class PolicyError extends Error {}

/** Throws a PolicyError when `value` breaks `rule`; returns the value otherwise. */
export function requireText(value: string, rule: TextRule): string {
  const why = checkText(value, rule);
  if (why) throw new PolicyError(why);
  return value;
}

/** Like requireText, for values that may be absent. */
export function requireOptionalText(value: string | null, rule: TextRule): string | null {
  return value === null ? null : requireText(value, rule);
}

/** True when a field error says the policy refused the value (not that it was missing or unreadable). */
export function isRefusal(message: string): boolean {
  return message.startsWith(REFUSED);
}
