import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { escapeSubstitution, inventoryYaml, knownHostsLine } from './inventory-file';

const base = {
  identityFile: '/tmp/lab/client/id_ed25519',
  knownHosts: '/tmp/lab/known_hosts',
};

describe('inventoryYaml', () => {
  it('writes hosts and guests on 127.0.0.1 with ports, libvirtUri and via', () => {
    const doc = parse(
      inventoryYaml({
        ...base,
        settings: { interval: '2s', timeout: '5s', concurrency: 8, thresholds: { entropyWarn: 300 } },
        hosts: [
          {
            name: 'kvm-01',
            port: 40001,
            libvirtUri: 'test:///tmp/lab/targets/001-kvm-01/node.xml',
            guests: [
              { name: 'web-01', domain: 'web-01', port: 40002, via: 'kvm-01' },
              { name: 'db-01', domain: 'db', port: 40003, via: null },
            ],
          },
          { name: 'junk', port: 40004, libvirtUri: 'test:///tmp/lab/empty-node.xml', guests: [] },
        ],
      }),
    );
    expect(doc).toEqual({
      interval: '2s',
      timeout: '5s',
      concurrency: 8,
      defaults: {
        user: 'root',
        identityFile: base.identityFile,
        knownHosts: base.knownHosts,
        trustOnFirstUse: false,
      },
      thresholds: { entropyWarn: 300 },
      hosts: [
        {
          name: 'kvm-01',
          address: '127.0.0.1',
          port: 40001,
          libvirtUri: 'test:///tmp/lab/targets/001-kvm-01/node.xml',
          guests: [
            { name: 'web-01', domain: 'web-01', address: '127.0.0.1', port: 40002, via: 'kvm-01' },
            { name: 'db-01', domain: 'db', address: '127.0.0.1', port: 40003 },
          ],
        },
        { name: 'junk', address: '127.0.0.1', port: 40004, libvirtUri: 'test:///tmp/lab/empty-node.xml' },
      ],
    });
  });

  it('keeps hostile domain names intact and escapes ${ in them, but not in settings', () => {
    const hostile = [
      `<img src=x onerror=alert(1)>`,
      `o'brien, "db" $(echo pwned): # x`,
      '- [a]: {b}',
      'a ${HOME} b',
    ];
    const text = inventoryYaml({
      ...base,
      settings: { webhooks: [{ name: 'ops', url: 'https://h.example/x', secret: '${WEBHOOK_SECRET}' }] },
      hosts: [
        {
          name: 'kvm-01',
          port: 1,
          libvirtUri: 'test:///n.xml',
          guests: hostile.map((domain, i) => ({ name: `g${i}`, domain, port: 2 + i, via: null })),
        },
      ],
    });
    const doc = parse(text) as { hosts: { guests: { domain: string }[] }[]; webhooks: { secret: string }[] };
    expect(doc.hosts[0]?.guests.map((g) => g.domain)).toEqual([...hostile.slice(0, 3), 'a $${HOME} b']);
    expect(escapeSubstitution('${A}${B}')).toBe('$${A}$${B}');
    expect(doc.webhooks[0]?.secret).toBe('${WEBHOOK_SECRET}');
  });
});

describe('knownHostsLine', () => {
  it('uses the [host]:port form', () => {
    expect(knownHostsLine(2222, 'ssh-ed25519 AAAA')).toBe('[127.0.0.1]:2222 ssh-ed25519 AAAA');
  });
});
