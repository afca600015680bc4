import { describe, expect, it } from 'vitest';
import { parseDisksJson, parseObservationJson, parseRemediationJson, parseRngsJson } from './stored-json';

describe('parseObservationJson', () => {
  it('fills missing optional fields with their empty value', () => {
    const r = parseObservationJson(JSON.stringify({ entropyAvail: 256, poolsize: 256 }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.entropyAvail).toBe(256);
    expect(r.value.kernelRelease).toBeNull();
    expect(r.value.sshHostKeys).toEqual([]);
    expect(r.value.fieldErrors).toEqual({});
    expect(r.value.host).toBeNull();
  });

  it('keeps host facts', () => {
    const r = parseObservationJson(
      JSON.stringify({
        host: {
          holders: [{ pid: 1, command: 'qemu', device: '/dev/random', domain: 'a' }],
          domains: [{ name: 'a', disks: [{ target: 'vda', type: 'file', source: '/a' }], rngs: [] }],
        },
      }),
    );
    expect(r.ok && r.value.host?.domains[0]?.disks[0]).toMatchObject({
      target: 'vda',
      device: 'disk',
      cacheMode: null,
    });
    expect(r.ok && r.value.host?.holders[0]?.domain).toBe('a');
  });

  it('says where the stored JSON is wrong instead of throwing', () => {
    expect(parseObservationJson('{not json')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^stored observation is not valid JSON/),
    });
    expect(parseObservationJson(JSON.stringify({ entropyAvail: 'lots' }))).toEqual({
      ok: false,
      error: expect.stringMatching(/^stored observation does not match its schema at entropyAvail: /),
    });
  });
});

describe('disk, rng and remediation JSON', () => {
  it('reads disks and rngs', () => {
    expect(
      parseDisksJson('[{"target":"vda","type":"block","cacheMode":"none","ioMode":"native"}]'),
    ).toMatchObject({
      ok: true,
      value: [{ target: 'vda', type: 'block', cacheMode: 'none', ioMode: 'native', source: null }],
    });
    expect(parseRngsJson('[{"model":"virtio","backendModel":"random","rate":{"bytes":1024}}]')).toMatchObject(
      {
        ok: true,
        value: [{ model: 'virtio', backendSource: null, rate: { bytes: 1024, period: null } }],
      },
    );
    expect(parseDisksJson('{"target":"vda"}').ok).toBe(false);
  });

  it('reads a remediation and rejects one without summary', () => {
    const r = parseRemediationJson(
      JSON.stringify({ summary: 'fix', steps: [{ description: 'd', command: 'c' }] }),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        summary: 'fix',
        reason: '',
        steps: [{ description: 'd', command: 'c' }],
        restartRequired: false,
      },
    });
    expect(parseRemediationJson('{}').ok).toBe(false);
  });
});

describe('parseRemediationJson: apply plans', () => {
  const base = { summary: 's', reason: 'r', steps: [], restartRequired: true };
  const plan = {
    kind: 'libvirt-domain',
    host: 'kvm-01',
    domain: 'web-01',
    edit: { op: 'disk-driver', disk: 'vda', cache: 'none', io: 'native' },
    restartRequired: true,
  };

  it('keeps a stored apply plan', () => {
    const r = parseRemediationJson(JSON.stringify({ ...base, apply: plan }));
    expect(r).toEqual({ ok: true, value: { ...base, apply: plan } });
  });

  it('leaves a fix with an unreadable plan copy-only instead of unreadable', () => {
    const r = parseRemediationJson(JSON.stringify({ ...base, apply: { ...plan, edit: { op: 'reboot' } } }));
    expect(r.ok && r.value.apply).toBeUndefined();
    expect(r.ok && r.value.summary).toBe('s');
  });
});
