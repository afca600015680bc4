import { describe, expect, it } from 'vitest';
import { guestContext, hostContext, domain } from '../../../test/support/check-builders';
import { vmgenidMissing } from './vmgenid-missing';

const noGenid = (kernelRelease: string) =>
  guestContext({ guest: { kernelRelease }, domain: { genid: null } });

describe('vmgenid-missing', () => {
  it('is information for a 5.18+ guest whose domain has no genid', () => {
    expect(vmgenidMissing.evaluate(noGenid('6.1.0-27-amd64'))).toEqual([
      expect.objectContaining({
        subject: '',
        severity: 'info',
        facts: { domain: 'web-01', kernelRelease: '6.1.0-27-amd64' },
      }),
    ]);
    expect(vmgenidMissing.evaluate(noGenid('5.18.0'))).toHaveLength(1);
  });

  it('is silent with a genid, on kernels before 5.18 and when the kernel is unknown', () => {
    expect(vmgenidMissing.evaluate(guestContext())).toEqual([]);
    expect(vmgenidMissing.evaluate(noGenid('5.17.15'))).toEqual([]);
    expect(vmgenidMissing.evaluate(noGenid('4.18.0-513.el8.x86_64'))).toEqual([]);
    expect(
      vmgenidMissing.evaluate(guestContext({ guest: { kernelRelease: null }, domain: { genid: null } })),
    ).toEqual([]);
  });

  it('does not judge unclaimed domains on a host (their kernel is unknown)', () => {
    expect(vmgenidMissing.appliesTo).toEqual(['guest']);
    expect(vmgenidMissing.evaluate(hostContext([domain({ name: 'stray', genid: null })]))).toEqual([]);
  });

  it('adds <genid/> with virsh edit and cold-boots the guest', () => {
    const ctx = noGenid('6.1.0-27-amd64');
    const [hit] = vmgenidMissing.evaluate(ctx);
    const r = vmgenidMissing.remediation(hit!, ctx);
    expect(r.steps[0]).toMatchObject({
      xml: '<genid/>',
      command: 'virsh -c qemu:///system edit --domain web-01',
    });
    expect(r.steps.map((s) => s.command)).toContain('virsh -c qemu:///system start --domain web-01');
    expect(r.restartRequired).toBe(true);
    expect(r.reason).toContain('Source: Linux 5.18');
  });
});
