import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../index';
import { rngDeviceMissing } from '../rng-device-missing/rng-device-missing';
import { vmgenidMissing } from '../vmgenid-missing/vmgenid-missing';
import { domain, guestContext, hostContext } from '../../../test/support/check-builders';

// Which fixes Entropy Watch may apply itself is declared by each check's remediation (docs/apply.md).

describe('apply plans', () => {
  it('a guest without <rng> gets an add-rng plan on its host', () => {
    const ctx = guestContext({ domain: { rngs: [] }, guest: { entropyAvail: 20 } });
    const [hit] = rngDeviceMissing.evaluate(ctx);
    const plan = rngDeviceMissing.remediation(hit!, ctx).apply;
    expect(plan).toEqual({
      kind: 'libvirt-domain',
      host: ctx.host!.name,
      domain: ctx.domain!.name,
      edit: { op: 'add-rng' },
      restartRequired: true,
    });
  });

  it('a host judging an unclaimed domain applies on itself', () => {
    const ctx = hostContext([domain({ name: 'orphan', rngs: [] })]);
    const [hit] = rngDeviceMissing.evaluate(ctx);
    expect(rngDeviceMissing.remediation(hit!, ctx).apply).toMatchObject({
      host: ctx.target.name,
      domain: 'orphan',
    });
  });

  it('a Proxmox VE guest stays copy-only (qm set)', () => {
    const ctx = guestContext({ domain: { rngs: [], platform: 'proxmox', vmid: 101 } });
    const [hit] = rngDeviceMissing.evaluate(ctx);
    expect(hit).toBeDefined();
    expect(rngDeviceMissing.remediation(hit!, ctx).apply).toBeUndefined();
  });

  it('vmgenid-missing declares add-genid with a cold boot', () => {
    const ctx = guestContext({ guest: { kernelRelease: '6.1.0-18-amd64' }, domain: { genid: null } });
    const [hit] = vmgenidMissing.evaluate(ctx);
    expect(vmgenidMissing.remediation(hit!, ctx).apply).toMatchObject({
      edit: { op: 'add-genid' },
      restartRequired: true,
    });
  });

  it('host-key and clone checks never declare one', () => {
    const never = allChecks.filter((c) => /^(host-key-|clone-)/.test(c.id)).map((c) => c.id);
    expect(never.length).toBeGreaterThanOrEqual(4);
    const source = never.map((id) => fs.readFileSync(path.join(__dirname, '..', id, `${id}.ts`), 'utf8'));
    for (const text of source) expect(text).not.toMatch(/libvirtApplyPlan|apply:/);
  });
});
