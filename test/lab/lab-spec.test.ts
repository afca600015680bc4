import { describe, expect, it } from 'vitest';
import { buildTargets } from './lab-spec';

describe('buildTargets', () => {
  it('lists hosts, their guests, then extras, with defaults, pins and behaviors', () => {
    const built = buildTargets({
      hosts: [
        {
          name: 'kvm-01',
          entropyAvail: 60,
          holders: [{ domain: 'web' }],
          domains: ['<domain/>'],
          guests: [
            { name: 'web-01', domain: 'web', via: true, pin: 'stale' },
            { name: 'db-01', hostKey: 'golden', pin: 'none', start: false },
          ],
        },
      ],
      extras: [
        { name: 'junk', behavior: 'garbage' },
        { name: 'off', behavior: 'stopped', guestOf: 'kvm-01' },
      ],
    });
    const t = built.targets.map((s) => ({
      name: s.info.name,
      kind: s.info.kind,
      host: s.info.hostName,
      domain: s.info.domain,
      behavior: s.info.behavior,
      pinned: s.pinnedKey,
      autostart: s.autostart,
      via: s.via,
      domains: s.domains,
    }));
    expect(t).toEqual([
      { name: 'kvm-01', kind: 'host', host: null, domain: null, behavior: 'normal', pinned: 'kvm-01', autostart: true, via: false, domains: ['<domain/>'] },
      { name: 'web-01', kind: 'guest', host: 'kvm-01', domain: 'web', behavior: 'normal', pinned: 'web-01#stale', autostart: true, via: true, domains: null },
      { name: 'db-01', kind: 'guest', host: 'kvm-01', domain: 'db-01', behavior: 'normal', pinned: null, autostart: false, via: false, domains: null },
      { name: 'junk', kind: 'host', host: null, domain: null, behavior: 'garbage', pinned: 'junk', autostart: true, via: false, domains: null },
      { name: 'off', kind: 'guest', host: 'kvm-01', domain: 'off', behavior: 'normal', pinned: 'off', autostart: false, via: false, domains: null },
    ]); // prettier-ignore
    expect(built.targets[0]?.fixture.entropyAvail).toBe(60);
    expect(built.targets[0]?.fixture.poolsize).toBe(256);
    expect(built.targets[0]?.holders).toEqual([{ domain: 'web' }]);
    expect(built.targets[2]?.fixture.hostKey).toBe('golden');
  });

  it('reports every mistake at once, saying where and what to fix', () => {
    const spec = {
      hosts: [
        {
          name: 'kvm-01',
          poolsize: -5,
          holders: [{ domain: '' }, { domain: 'ok', devices: ['/dev/hwrng' as '/dev/random'] }],
          guests: [{ name: 'web-01' }, { name: 'web-01', domain: 'web-01' }, { name: 'bad name' }],
        },
      ],
      extras: [
        { name: 'x', behavior: 'sleepy' as 'hang' },
        { name: 'y', behavior: 'hang' as const, guestOf: 'kvm-99' },
      ],
    };
    expect(() => buildTargets(spec)).toThrow(
      [
        'invalid lab spec:',
        '  hosts[0]: lab target "kvm-01": poolsize must be a number ≥ 0, got -5',
        '  hosts[0].holders[0]: domain must be a non-empty one-line string',
        '  hosts[0].holders[1]: devices must be a non-empty list of /dev/random, /dev/urandom, got ["/dev/hwrng"]',
        '  hosts[0].guests[1]: domain "web-01" is claimed twice on "kvm-01"',
        '  hosts[0].guests[1]: target name "web-01" is used twice (names are unique across hosts, guests and extras)',
        '  hosts[0].guests[2]: name must be letters, digits, ".", "_" or "-" (up to 128, as in the inventory), got "bad name"',
        '  extras[0]: behavior must be hang, garbage or stopped, got "sleepy"',
        '  extras[1]: guestOf "kvm-99" is not a host of this spec',
      ].join('\n'),
    );
    expect(() => buildTargets({ hosts: [] })).toThrow('hosts: give at least one host');
  });
});
