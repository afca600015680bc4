/** Escapes text for XML element content and for attribute values in either quote style. */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      // Attribute values normalise raw whitespace; character references keep it exact.
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}
