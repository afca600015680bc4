import { describe, expect, it } from 'vitest';
import { xmlEscape } from './xml-escape';

describe('xmlEscape', () => {
  it('escapes the five XML specials', () => {
    expect(xmlEscape(`<img src=x onerror="alert(1)">&'`)).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&apos;',
    );
  });

  it('keeps whitespace exact inside attributes', () => {
    expect(xmlEscape('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
  });

  it('escapes & once per call and leaves safe text alone', () => {
    expect(xmlEscape('&amp;')).toBe('&amp;amp;');
    expect(xmlEscape('/dev/urandom')).toBe('/dev/urandom');
  });
});
