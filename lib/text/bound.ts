import { escapeControl } from './escape-control';

/**
 * At most `max` characters of `text`; a longer one ends in "… (+N chars)" so a reader knows it was cut.
 * Cuts between UTF-16 surrogate halves are avoided, so the result is always well-formed.
 */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = `… (+${text.length - max} chars)`;
  let end = Math.max(0, max - note.length);
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${note}`;
}

/** Text from a guest made fit for an alert, a summary or a terminal: control characters escaped, then bounded. */
export function safeText(text: string, max: number): string {
  return boundText(escapeControl(text), max);
}
