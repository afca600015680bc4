import { describe, expect, it } from 'vitest';
import { parseDomainXml } from './domain-xml';
import { BUILD_XML, DB_XML, WEB_XML } from './probe-fixtures';

function domainWith(devices: string, extra = ''): string {
  return `<domain type='kvm'><name>t</name>${extra}<devices>${devices}</devices></domain>`;
}

describe('parseDomainXml', () => {
  it('reads name, uuid, genid, every disk and the rng with its rate', () => {
    const d = parseDomainXml(WEB_XML);
    expect(d).toMatchObject({
      name: 'web-1',
      uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
      genid: '43dc0cf8-809b-4adb-9bea-a9abb5f3d90d',
      state: null,
    });
    expect(d.disks).toEqual([
      {
        target: 'vda',
        type: 'file',
        device: 'disk',
        source: '/var/lib/libvirt/images/web-1.qcow2',
        driverType: 'qcow2',
        cacheMode: 'none',
        ioMode: 'native',
        discard: 'unmap',
      },
      {
        target: 'sda',
        type: 'file',
        device: 'cdrom',
        source: null,
        driverType: 'raw',
        cacheMode: null,
        ioMode: null,
        discard: null,
      },
      {
        target: 'vdb',
        type: 'network',
        device: 'disk',
        source: 'rbd:pool/web-1-data',
        driverType: 'raw',
        cacheMode: 'writeback',
        ioMode: null,
        discard: null,
      },
    ]);
    expect(d.rngs).toEqual([
      {
        model: 'virtio',
        backendModel: 'random',
        backendSource: '/dev/urandom',
        rate: { bytes: 1024, period: 1000 },
      },
    ]);
  });

  it('reads a block disk and an rng without a rate; a domain without rng or uuid', () => {
    const db = parseDomainXml(DB_XML);
    expect(db.disks[0]).toMatchObject({
      type: 'block',
      source: '/dev/vg0/db-1',
      cacheMode: 'writethrough',
      ioMode: 'threads',
    });
    expect(db.rngs).toEqual([
      { model: 'virtio', backendModel: 'random', backendSource: '/dev/random', rate: null },
    ]);
    expect(db.genid).toBeNull();
    const build = parseDomainXml(BUILD_XML);
    expect(build.name).toBe("build 'x'; rm -rf ~ #");
    expect(build.uuid).toBeNull();
    expect(build.rngs).toEqual([]);
    expect(build.disks[0]?.source).toBe('default/build.qcow2');
  });

  it('names other sources and applies libvirt defaults for left-out disk attributes', () => {
    const d = parseDomainXml(
      domainWith(
        `<disk><source file='/a.img'/><target dev='vda'/></disk>
         <disk type='network' device='disk'><source protocol='nbd'><host name='nbd.lan' port='10809'/></source><target dev='vdb'/></disk>
         <disk type='network' device='disk'><source protocol='iscsi'/><target dev='vdc'/></disk>
         <disk type='dir' device='floppy'><source dir='/srv/floppy'/><target dev='fda'/></disk>
         <disk type='vhostuser' device='disk'><source type='unix' path='/run/vhost.sock'/><target dev='vdd'/></disk>`,
      ),
    );
    expect(d.disks.map((x) => [x.type, x.device, x.source])).toEqual([
      ['file', 'disk', '/a.img'],
      ['network', 'disk', 'nbd:nbd.lan'],
      ['network', 'disk', 'iscsi'],
      ['dir', 'floppy', '/srv/floppy'],
      ['vhostuser', 'disk', '/run/vhost.sock'],
    ]);
  });

  it('reads egd and builtin backends without a source, and a rate without a period', () => {
    const d = parseDomainXml(
      domainWith(
        `<rng model='virtio-non-transitional'><rate bytes='2048'/><backend model='egd' type='tcp'><source mode='connect' host='1.2.3.4' service='708'/></backend></rng>
         <rng model='virtio'><backend model='builtin'/></rng>`,
      ),
    );
    expect(d.rngs).toEqual([
      {
        model: 'virtio-non-transitional',
        backendModel: 'egd',
        backendSource: null,
        rate: { bytes: 2048, period: null },
      },
      { model: 'virtio', backendModel: 'builtin', backendSource: null, rate: null },
    ]);
  });

  it('decodes the XML built-in entities and keeps hostile names as text', () => {
    const d = parseDomainXml(
      domainWith(`<disk><source file='/img/a&amp;b &lt;c&gt;.qcow2'/><target dev='vda'/></disk>`).replace(
        '<name>t</name>',
        '<name>x&apos;; rm -rf / # $(id) &quot;q&quot;</name>',
      ),
    );
    expect(d.name).toBe(`x'; rm -rf / # $(id) "q"`);
    expect(d.disks[0]?.source).toBe('/img/a&b <c>.qcow2');
  });

  it('keeps a name exactly as libvirt wrote it: spaces at its ends, references', () => {
    const named = (raw: string) =>
      parseDomainXml(`<domain type='kvm' id='3'>\n  <name>${raw}</name>\n  <devices/>\n</domain>\n`).name;
    expect(named(' sp ace ')).toBe(' sp ace ');
    expect(named('a b c &lt;&amp;&apos;&quot;&gt;')).toBe('a b c <&\'">');
    // Not where libvirt puts it: the trimmed name fast-xml-parser gives.
    expect(
      parseDomainXml(`<domain><uuid>0c3e0e9e-0000-4000-8000-000000000001</uuid><name> late </name></domain>`)
        .name,
    ).toBe('late');
  });

  it('refuses names with control characters or bidi overrides, naming the character, never echoing it', () => {
    const named = (raw: string) => () =>
      parseDomainXml(`<domain type='kvm' id='3'>\n  <name>${raw}</name>\n  <devices/>\n</domain>\n`);
    expect(named('a\nb')).toThrow('refused: domain name has invalid characters (U+000A at character 2)');
    expect(named('tab\there')).toThrow('refused: domain name has invalid characters (U+0009 at character 4)');
    expect(named('evil\u202Etxt.exe')).toThrow('(U+202E at character 5)');
    expect(named('x\u0085y')).toThrow('(U+0085 at character 2)');
    expect(named('a'.repeat(256))).toThrow('refused: domain name is too long (256 characters, at most 255)');
    expect(named('a'.repeat(255))().name).toHaveLength(255);
  });

  it('refuses disk and rng values that break the policy, and too many disks', () => {
    const disk = (d: string) => () => parseDomainXml(domainWith(d));
    expect(disk(`<disk><source file='/img/\u202Ea.qcow2'/><target dev='vda'/></disk>`)).toThrow(
      'refused: <disk> #1 source path has invalid characters (U+202E at character 6)',
    );
    expect(disk(`<disk><target dev='vd a'/></disk>`)).toThrow(
      'refused: <disk> #1 target dev has invalid characters (U+0020 at character 3; allowed: letters, digits and . _ + -)',
    );
    expect(disk(`<disk><driver cache='none;reboot'/><target dev='vda'/></disk>`)).toThrow(
      '<disk> #1 driver cache attribute has invalid characters',
    );
    expect(disk(`<disk><source file='/${'a'.repeat(4096)}'/><target dev='vda'/></disk>`)).toThrow(
      'source path is too long (4097 characters, at most 4096)',
    );
    expect(disk(`<rng model='virtio'><backend model='random'>/dev/\u2066random</backend></rng>`)).toThrow(
      '<rng> #1 backend path has invalid characters (U+2066',
    );
    const disks = (n: number) =>
      Array.from({ length: n }, (_, i) => `<disk><target dev='vd${i}'/></disk>`).join('');
    expect(parseDomainXml(domainWith(disks(64))).disks).toHaveLength(64);
    expect(disk(disks(65))).toThrow('refused: too many disks (65, at most 64)');
  });

  it('keeps disks from a second <devices> block and takes the first of repeated singletons', () => {
    const d = parseDomainXml(
      "<domain><name>one</name><name>two</name><devices><disk><target dev='vda'/></disk></devices>" +
        "<devices><disk><target dev='vdb'/></disk></devices></domain>",
    );
    expect(d.name).toBe('one');
    expect(d.disks.map((x) => x.target)).toEqual(['vda', 'vdb']);
  });

  it('refuses DOCTYPEs, so no entity can expand (billion laughs, external files)', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><domain><name>&lol2;</name></domain>`;
    expect(() => parseDomainXml(laughs)).toThrow(/must not contain a DOCTYPE/);
    const xxe = `<!doctype domain [<!ENTITY x SYSTEM "file:///etc/shadow">]><domain><name>&x;</name></domain>`;
    expect(() => parseDomainXml(xxe)).toThrow(/DOCTYPE/);
  });

  it('throws clear errors for malformed or foreign XML', () => {
    expect(() => parseDomainXml('<domain><name>a</name>')).toThrow(/^malformed domain XML at line 1/);
    expect(() => parseDomainXml('<domain><name>a</nam></domain>')).toThrow(/malformed domain XML/);
    expect(() => parseDomainXml('')).toThrow(/malformed domain XML|not a libvirt domain/);
    expect(() => parseDomainXml('<network><name>default</name></network>')).toThrow(
      'not a libvirt domain: the root element is <network>, expected <domain>',
    );
    expect(() => parseDomainXml('<domain><uuid>u</uuid></domain>')).toThrow('domain XML has no <name>');
    expect(() => parseDomainXml('')).toThrow(/^malformed domain XML at line 1: /);
    expect(() => parseDomainXml('<domain><name>a</name></domain><domain><name>b</name></domain>')).toThrow(
      /Multiple possible root nodes/,
    );
    // the validator lets a second, empty root through
    expect(() => parseDomainXml('<domain><name>a</name></domain><domain/>')).toThrow(
      'domain XML must have one root element, found several <domain>',
    );
    expect(() => parseDomainXml('<domain><name>a</name></domain><other/>')).toThrow(
      'domain XML must have one root element, found domain, other',
    );
    const deep = `<domain><name>d</name>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</domain>`;
    expect(() => parseDomainXml(deep)).toThrow(/malformed domain XML/);
  });

  it('throws when a device misses what libvirt always writes', () => {
    expect(() => parseDomainXml(domainWith(`<disk device='cdrom'><source file='/x'/></disk>`))).toThrow(
      "<disk> #1 (device 'cdrom') has no <target dev='...'>",
    );
    expect(() => parseDomainXml(domainWith(`<rng><backend model='random'/></rng>`))).toThrow(
      '<rng> #1 has no model',
    );
    expect(() => parseDomainXml(domainWith(`<rng model='virtio'><backend/></rng>`))).toThrow(
      "<rng> #1 has no <backend model='...'>",
    );
    expect(() =>
      parseDomainXml(domainWith(`<rng model='virtio'><rate bytes='lots'/><backend model='builtin'/></rng>`)),
    ).toThrow('<rng> #1 <rate bytes> is not a whole number: "lots"');
    expect(() =>
      parseDomainXml(domainWith(`<rng model='virtio'><rate period='10'/><backend model='builtin'/></rng>`)),
    ).toThrow('<rng> #1 has a <rate> without bytes');
  });
});
