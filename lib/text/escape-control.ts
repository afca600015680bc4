// Text that came from a machine we do not control (a guest's kernel release, rng_current, an ssh error)
// must not drive a terminal (ESC sequences such as OSC 52 "write the clipboard"), reorder what a reader
// sees (Unicode bidi overrides, CVE-2021-42574 "Trojan Source") or break a line-oriented log.

// C0 controls, DEL, C1 controls; bidi embeddings/overrides/isolates and the implicit marks; line and
// paragraph separators (JavaScript and some terminals treat them as newlines).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEP_LINES =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function visible(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character, bidi control and line separator replaced by a visible escape
 * (`\e`, `\x07`, `\u202e`, `\n`), so it prints as one inert line. A backslash stays as it is: the output is
 * for reading, not for parsing back.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Like escapeControl, but keeps `\n` (multi-line messages such as a stack trace stay readable). */
export function escapeControlKeepLines(text: string): string {
  return text.replace(UNSAFE_KEEP_LINES, visible);
}

/** Whether `text` holds anything escapeControl would change. */
export function hasControl(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
