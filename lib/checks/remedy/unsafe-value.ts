import { escapeForbidden, hasForbiddenChars } from '../../probe/input-policy';

/**
 * A value that cannot be shown safely in a command or XML to copy: it holds a control or bidi
 * character. The remediation then says so instead of showing the step (./../define.ts).
 */
export class UnsafeValueError extends Error {
  override name = 'UnsafeValueError';

  constructor(
    /** the value with its control and bidi characters escaped, safe to show */
    readonly shown: string,
    where: string,
  ) {
    super(`the value ${shown} holds control or bidi characters and cannot be shown safely in ${where}`);
  }

  /** Throws when `value` holds a control or bidi character (NUL, ESC, Ctrl-C, CR, U+202E, ...). */
  static check(value: string, where: string): void {
    if (!hasForbiddenChars(value)) return;
    const cut = value.length > 80 ? `${value.slice(0, 80)}…` : value;
    throw new UnsafeValueError(escapeForbidden(JSON.stringify(cut)), where);
  }
}
