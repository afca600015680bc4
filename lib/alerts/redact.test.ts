import { describe, expect, it } from 'vitest';
import { redactUrl, scrubSecrets } from './redact';

describe('redactUrl (the inventory one, reused)', () => {
  it('hides all user-info, the path and the query', () => {
    const shown = redactUrl('https://alice:hunter22@hooks.example.com/services/T0/B0/tok3n?key=abc');
    expect(shown).toBe('https://***@hooks.example.com/...');
    expect(redactUrl('https://ghp_T0KEN@hooks.example.com/x')).toBe('https://***@hooks.example.com/...');
    expect(shown).not.toContain('hunter22');
    expect(shown).not.toContain('tok3n');
  });
});

describe('scrubSecrets', () => {
  it('replaces secrets and their URL-encoded forms, longest first', () => {
    const url = 'https://u:p%40ss@h.example/x';
    const text = `connect to ${url} failed; password p@ss (p%40ss), secret s3cret`;
    expect(scrubSecrets(text, [url, 'p@ss', 's3cret', null])).toBe(
      'connect to *** failed; password *** (***), secret ***',
    );
  });

  it('leaves text alone when there is nothing to hide', () => {
    expect(scrubSecrets('HTTP 500', [null, undefined, ''])).toBe('HTTP 500');
  });
});
