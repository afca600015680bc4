import { describe, expect, it } from 'vitest';
import { exposureMasks, maskDeep, type ExposureMasks } from './exposure';
import { maskedJson } from './mask-json';

const masks = (...pairs: [string, string][]): ExposureMasks => ({ replacements: pairs });
const reference = (value: unknown, m: ExposureMasks) => JSON.stringify(maskDeep(value, m));

describe('maskedJson', () => {
  it('masks paths and URIs in values, as maskDeep does', () => {
    const m = exposureMasks([
      { identityFile: '/root/.ssh/id_ed25519', knownHosts: '/root/.ssh/known_hosts' },
      { libvirtUri: 'qemu+ssh://root@kvm-01/system?keyfile=/root/.ssh/id_ed25519' },
    ]);
    const body = [
      {
        name: 'kvm-01',
        lastPoll: { error: 'ssh -i /root/.ssh/id_ed25519 failed\nknown_hosts /root/.ssh/known_hosts' },
        observation: {
          uri: 'qemu+ssh://root@kvm-01/system?keyfile=/root/.ssh/id_ed25519',
          list: ['/root/.ssh/id_ed25519', 7, null, true],
        },
      },
    ];
    const out = maskedJson(body, m);
    expect(out).toBe(reference(body, m));
    expect(out).not.toContain('/root/.ssh');
    expect(out).toContain('qemu+ssh://kvm-01/system');
    expect(out).toContain('IDENTITY_FILE');
  });

  it('is plain JSON.stringify without masks (an admin)', () => {
    const body = { a: '/root/.ssh/id', n: [1, 'x'] };
    expect(maskedJson(body, masks())).toBe(JSON.stringify(body));
  });

  it('leaves object keys alone, as maskDeep does', () => {
    const body = { fieldErrors: { '/k/id': '/k/id is unreadable' } };
    expect(maskedJson(body, masks(['/k/id', 'IDENTITY_FILE']))).toBe(
      '{"fieldErrors":{"/k/id":"IDENTITY_FILE is unreadable"}}',
    );
  });

  it('does not match inside escape sequences of the JSON text', () => {
    // "a\n/key" is written as a\n/key: the text holds "n/key", the value does not.
    const newline = { e: 'a\n/key', f: 'b\u0001/x', g: 'c\\n/key' };
    const m = masks(['n/key', 'K'], ['1/x', 'X']);
    expect(maskedJson(newline, m)).toBe(reference(newline, m));
    expect(maskedJson(newline, m)).toBe('{"e":"a\\n/key","f":"b\\u0001/x","g":"c\\\\K"}');
  });

  it('never touches numbers, true/false/null or punctuation', () => {
    const body = { a: 12, b: true, c: [null], d: '12' };
    for (const secret of ['12', 'true', 'null', '":', ',"'])
      expect(maskedJson(body, masks([secret, 'S']))).toBe(reference(body, masks([secret, 'S'])));
  });

  it('agrees with maskDeep on random bodies and masks', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = ['/', 'a', 'n', 'u', '0', '1', '\\', '"', '\n', ':', ',', 'é', '\u0001', 'k', '{'];
    // Masked values mostly from characters JSON writes as they are, so the text path is taken.
    const plain = ['/', 'a', 'n', 'u', '0', '1', 'b', ':', 'é', 'k'];
    const word = (max: number, from = alphabet) =>
      Array.from({ length: 1 + rnd(max) }, () => from[rnd(from.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const body = {
        [word(3)]: word(8),
        list: [word(6), rnd(100), { [word(2)]: word(10), z: null }],
        n: word(5),
      };
      const m = masks(
        ...Array.from({ length: 1 + rnd(2) }, (): [string, string] => [
          word(3, rnd(4) ? plain : alphabet),
          word(2, plain),
        ]),
      );
      expect(maskedJson(body, m), JSON.stringify({ body, m })).toBe(reference(body, m));
    }
  });
});
