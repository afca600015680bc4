import { describe, expect, it } from 'vitest';
import { parseDomainXml } from '../../lib/probe/domain-xml';
import { domainXml, nodeXml, stableMac, stableUuid, xmlEscape } from './domain-xml';

describe('domainXml', () => {
  it('keeps disks and rngs as written (read back with the probe parser)', () => {
    const xml = domainXml({
      name: 'db-01',
      disks: [
        {
          target: 'vda',
          type: 'file',
          source: '/img/db.qcow2',
          driverType: 'qcow2',
          cache: 'writeback',
          io: 'native',
        },
        { target: 'vdb', type: 'block', source: '/dev/vg0/db', driverType: 'raw' },
        { target: 'sda', type: 'network', source: 'iscsi:iqn.2020-01.lab:t/1', device: 'lun' },
        { target: 'sdb', type: 'file', source: '/iso/d.iso', device: 'cdrom', driverType: 'raw' },
      ],
      rngs: [
        { backend: '/dev/random', rate: { bytes: 2048, period: 500 } },
        { model: 'virtio-non-transitional', backend: 'builtin' },
      ],
      genid: '5b8a7a43-0000-4000-8000-000000000001',
    });
    const d = parseDomainXml(xml);
    expect(d.name).toBe('db-01');
    expect(d.genid).toBe('5b8a7a43-0000-4000-8000-000000000001');
    expect(d.disks.map((k) => [k.target, k.type, k.device, k.source, k.cacheMode, k.ioMode])).toEqual([
      ['vda', 'file', 'disk', '/img/db.qcow2', 'writeback', 'native'],
      ['vdb', 'block', 'disk', '/dev/vg0/db', null, null],
      ['sda', 'network', 'lun', 'iscsi:iqn.2020-01.lab:t/1', null, null],
      ['sdb', 'file', 'cdrom', '/iso/d.iso', null, null],
    ]);
    expect(d.rngs).toEqual([
      {
        model: 'virtio',
        backendModel: 'random',
        backendSource: '/dev/random',
        rate: { bytes: 2048, period: 500 },
      },
      { model: 'virtio-non-transitional', backendModel: 'builtin', backendSource: null, rate: null },
    ]);
  });

  it('escapes hostile names so they survive as text', () => {
    for (const name of ['<img src=x onerror=alert(1)>', `o'brien, "db" $(echo pwned) & co`]) {
      const xml = domainXml({ name, disks: [{ target: 'vda', type: 'file', source: `/img/${name}` }] });
      expect(xml).not.toContain('<img');
      const d = parseDomainXml(xml);
      expect(d.name).toBe(name);
      expect(d.disks[0]?.source).toBe(`/img/${name}`);
    }
  });

  it('gives every domain a stable uuid and interface MAC, and a shut-off runstate on request', () => {
    const a = domainXml({ name: 'web', state: 'shutoff' });
    expect(a).toBe(domainXml({ name: 'web', state: 'shutoff' }));
    expect(a).toContain(`<uuid>${stableUuid('web')}</uuid>`);
    expect(a).toContain(`<mac address='${stableMac('web')}'/>`);
    expect(a).toContain('<test:runstate>5</test:runstate>');
    expect(stableUuid('web')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableMac('web')).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(stableUuid('web')).not.toBe(stableUuid('db'));
    expect(domainXml({ name: 'web' })).not.toContain('runstate');
  });

  it('refuses sources it cannot express, naming the disk', () => {
    expect(() =>
      domainXml({ name: 'x', disks: [{ target: 'vdc', type: 'volume', source: 'novol' }] }),
    ).toThrow(/disk vdc: a volume source is "pool\/volume"/);
    expect(() =>
      domainXml({ name: 'x', disks: [{ target: 'vdd', type: 'network', source: 'rbd' }] }),
    ).toThrow(/disk vdd: a network source is "protocol:name"/);
    expect(() => domainXml({ name: 'x', disks: [{ target: 'vde', type: 'nvme', source: 'x' }] })).toThrow(
      /unsupported disk type "nvme"/,
    );
  });
});

describe('nodeXml and xmlEscape', () => {
  it('wraps domains in a node that declares the test namespace', () => {
    const node = nodeXml([domainXml({ name: 'a' }), domainXml({ name: 'b' })]);
    expect(node.startsWith("<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>")).toBe(true);
    expect(node.match(/<domain type='test'>/g)).toHaveLength(2);
    expect(nodeXml([])).toBe("<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n</node>\n");
  });

  it('escapes the five XML specials', () => {
    expect(xmlEscape(`<a href="x" b='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; b=&apos;y&apos;&gt;&amp;&lt;/a&gt;',
    );
  });
});
