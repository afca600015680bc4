import { describe, expect, it } from 'vitest';
import { UnsafeValueError } from './unsafe-value';
import { xmlEscape } from './xml-escape';

describe('xmlEscape', () => {
  it('escapes the five XML specials', () => {
    expect(xmlEscape(`<img src=x onerror="alert(1)">&'`)).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&apos;',
    );
  });

  it('refuses control and bidi characters, even tab, newline and CR', () => {
    for (const value of ['a\tb', 'a\nb', 'c\rd', 'e\u001bf', 'g\u202Eh', 'i\u0000j']) {
      expect(() => xmlEscape(value), JSON.stringify(value)).toThrow(UnsafeValueError);
    }
  });

  it('escapes & once per call and leaves safe text alone', () => {
    expect(xmlEscape('&amp;')).toBe('&amp;amp;');
    expect(xmlEscape('/dev/urandom')).toBe('/dev/urandom');
  });
});
