import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDomainXml } from '../probe/domain-xml';
import { changedLines } from './diff';
import { EditRefusedError, editDomainXml } from './domain-edit';

// Fixtures are libvirt's own test data (fixtures/README.md), as libvirt prints domain XML.
const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const rngRandom = fixture('virtio-rng-random.xml');
const cdrom = fixture('boot-cdrom.xml');
const diskCache = fixture('disk-cache.xml');

/** `after` minus the inserted text is `before` byte for byte: the edit added exactly `inserted`. */
function expectOnlyInserted(before: string, after: string, inserted: string) {
  const at = after.indexOf(inserted);
  expect(at).toBeGreaterThan(0);
  expect(after.slice(0, at) + after.slice(at + inserted.length)).toBe(before);
}

describe('editDomainXml', () => {
  it('add-genid puts <genid/> right after <uuid> and changes nothing else', () => {
    const after = editDomainXml(cdrom, { op: 'add-genid' });
    expectOnlyInserted(cdrom, after, '\n  <genid/>');
    expect(after).toContain('<uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>\n  <genid/>\n  <memory');
    expect(changedLines(cdrom, after)).toEqual({ removed: [], added: ['  <genid/>'] });
  });

  it('add-rng appends the rate-limited urandom device as the last device', () => {
    const after = editDomainXml(cdrom, { op: 'add-rng' });
    const device =
      "    <rng model='virtio'>\n      <rate bytes='1024' period='1000'/>\n" +
      "      <backend model='random'>/dev/urandom</backend>\n    </rng>\n";
    expectOnlyInserted(cdrom, after, device);
    expect(after).toContain(`<memballoon model='none'/>\n${device}  </devices>`);
    const parsed = parseDomainXml(after);
    expect(parsed.rngs).toEqual([
      expect.objectContaining({ model: 'virtio', backendModel: 'random', backendSource: '/dev/urandom' }),
    ]);
  });

  it('add-rng is refused when the domain has an <rng> already', () => {
    expect(() => editDomainXml(rngRandom, { op: 'add-rng' })).toThrow(EditRefusedError);
  });

  it('rng-add-rate inserts <rate> as the first child of a virtio <rng> without one', () => {
    const noRate = rngRandom.replace("      <rate bytes='123' period='1234'/>\n", '');
    const after = editDomainXml(noRate, { op: 'rng-add-rate' });
    expectOnlyInserted(noRate, after, "\n      <rate bytes='1024' period='1000'/>");
    expect(changedLines(noRate, after).removed).toEqual([]);
    expect(() => editDomainXml(rngRandom, { op: 'rng-add-rate' })).toThrow(/already has a <rate>/);
  });

  it('rng-backend-urandom changes only the backend path and keeps an existing <rate>', () => {
    const blocking = rngRandom.replace('/dev/urandom</backend>', '/dev/random</backend>');
    const after = editDomainXml(blocking, { op: 'rng-backend-urandom' });
    expect(after).toBe(rngRandom);
    expect(changedLines(blocking, after)).toEqual({
      removed: ["      <backend model='random'>/dev/random</backend>"],
      added: ["      <backend model='random'>/dev/urandom</backend>"],
    });
  });

  it('rng-backend-urandom fixes an empty backend (QEMU default /dev/random) and adds a missing <rate>', () => {
    const blocking = rngRandom
      .replace("      <rate bytes='123' period='1234'/>\n", '')
      .replace("<backend model='random'>/dev/urandom</backend>", "<backend model='random'/>");
    const after = editDomainXml(blocking, { op: 'rng-backend-urandom' });
    expect(changedLines(blocking, after)).toEqual({
      removed: ["      <backend model='random'/>"],
      added: [
        "      <rate bytes='1024' period='1000'/>",
        "      <backend model='random'>/dev/urandom</backend>",
      ],
    });
  });

  it("disk-driver sets cache and io on one disk's <driver> and leaves the other four disks alone", () => {
    const after = editDomainXml(diskCache, { op: 'disk-driver', disk: 'vda', cache: 'none', io: 'native' });
    expect(changedLines(diskCache, after)).toEqual({
      removed: ["      <driver name='qemu' type='qcow2' cache='writethrough'/>"],
      added: ["      <driver name='qemu' type='qcow2' cache='none' io='native'/>"],
    });
    const disks = parseDomainXml(after).disks;
    expect(disks.map((d) => `${d.target}:${d.cacheMode}:${d.ioMode}`)).toEqual([
      'hda:writeback:null',
      'hdb:unsafe:null',
      'sda:none:null',
      'vda:none:native',
      'sdb:directsync:null',
    ]);
  });

  it('disk-driver replaces an existing io value in place and refuses an unknown disk', () => {
    const withIo = editDomainXml(diskCache, { op: 'disk-driver', disk: 'hdb', cache: 'none', io: 'native' });
    const again = editDomainXml(withIo, { op: 'disk-driver', disk: 'hdb', cache: 'none', io: 'threads' });
    expect(changedLines(withIo, again)).toEqual({
      removed: ["      <driver name='qemu' type='qcow2' cache='none' io='native'/>"],
      added: ["      <driver name='qemu' type='qcow2' cache='none' io='threads'/>"],
    });
    expect(() =>
      editDomainXml(diskCache, { op: 'disk-driver', disk: 'vdz', cache: 'none', io: 'native' }),
    ).toThrow(/no disk with <target dev='vdz'\/>/);
  });

  it('refuses a DOCTYPE and an oversized definition (the probe’s domain XML policy)', () => {
    const doctype = `<!DOCTYPE domain [<!ENTITY x "y">]>\n${cdrom}`;
    expect(() => editDomainXml(doctype, { op: 'add-genid' })).toThrow(/DOCTYPE/);
    const huge = cdrom.replace('<name>', `<description>${'a'.repeat(2_000_000)}</description>\n  <name>`);
    expect(() => editDomainXml(huge, { op: 'add-genid' })).toThrow(/too long/);
  });

  it('add-genid is refused when there is one', () => {
    const withGenid = editDomainXml(cdrom, { op: 'add-genid' });
    expect(() => editDomainXml(withGenid, { op: 'add-genid' })).toThrow(/already has a <genid>/);
  });
});
