import { maskDeep, type ExposureMasks } from './exposure';

// JSON.stringify(maskDeep(value, masks)), without copying every string of a large body (500 targets'
// observations) when the masks can be applied to the JSON text instead. Pure.
// Replacing in the text gives the same bytes when, for each masked value:
// - it and its replacement are written by JSON.stringify as they are (no quote, backslash or control
//   character), so a match never crosses a string's quotes and the replacement needs no escaping;
// - it holds a character that never appears outside strings in JSON (e.g. "/"), so it cannot match a
//   number, true/false/null or punctuation;
// - no match starts inside an escape sequence (the "n" of "\n", the hex of "\u00e9") or lies in an
//   object key (maskDeep masks values, not keys): checked at each match, rare enough to fall back on.

const STRUCTURE_ONLY = /^[{}[\]:,+\-.0-9eEtrufalsn]*$/;

const writtenAsIs = (s: string) => JSON.stringify(s) === `"${s}"`;

/** The JSON text of `value` with every masked value replaced, as JSON.stringify(maskDeep(value, masks)). */
export function maskedJson(value: unknown, masks: ExposureMasks): string {
  const text = JSON.stringify(value);
  if (masks.replacements.length === 0) return text;
  let out = text;
  for (const [secret, shown] of masks.replacements) {
    if (secret === '' || !writtenAsIs(secret) || !writtenAsIs(shown) || STRUCTURE_ONLY.test(secret))
      return JSON.stringify(maskDeep(value, masks));
    let at = out.indexOf(secret);
    if (at < 0) continue;
    const parts: string[] = [];
    let from = 0;
    while (at >= 0) {
      if (insideEscape(out, at) || inKey(out, at + secret.length))
        return JSON.stringify(maskDeep(value, masks));
      parts.push(out.slice(from, at), shown);
      from = at + secret.length;
      at = out.indexOf(secret, from);
    }
    parts.push(out.slice(from));
    out = parts.join('');
  }
  return out;
}

/** Whether `at` falls within an escape sequence of a JSON string (after its backslash). */
function insideEscape(text: string, at: number): boolean {
  for (let q = at - 1; q >= Math.max(0, at - 5); q--) {
    if (text[q] !== '\\' || isEscaped(text, q)) continue;
    // An unescaped backslash at q starts an escape: "\x" covers q+1, "\uXXXX" covers q+1..q+5.
    if (at === q + 1 || (text[q + 1] === 'u' && at <= q + 5)) return true;
  }
  return false;
}

/** Whether the character at q is preceded by an odd number of backslashes (so it is escaped itself). */
function isEscaped(text: string, q: number): boolean {
  let n = 0;
  for (let p = q - 1; p >= 0 && text[p] === '\\'; p--) n++;
  return n % 2 === 1;
}

/** Whether the string that goes on at `from` is an object key (its closing quote is followed by ":"). */
function inKey(text: string, from: number): boolean {
  let close = text.indexOf('"', from);
  while (close >= 0 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
  return close >= 0 && text[close + 1] === ':';
}
