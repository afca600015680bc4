import { UnsafeValueError } from './unsafe-value';

/**
 * Escapes text for XML element content and for attribute values in either quote style. A control or
 * bidi character is refused (UnsafeValueError), even tab, newline and CR: a character reference would
 * keep it exact, but the XML is read and pasted by a person, and no libvirt value Entropy Watch writes
 * needs one.
 */
export function xmlEscape(value: string): string {
  UnsafeValueError.check(value, 'XML');
  return value.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}
