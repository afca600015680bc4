import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDb } from '../lib/db/client';
import { remediationHostEntry, seedFinding, startRemediationSshd } from '../test/support/apply-lab';
import {
  defineDomain,
  domainState,
  removeDomain,
  tinyDomainXml,
  uniqueDomainName,
  useTestLibvirtd,
  virshSystem,
  type TestLibvirtd,
} from '../test/support/libvirtd';
import type { TestSshd } from '../test/support/sshd';
import { stateFile } from './support/auth-paths';
import { expect, test } from './support/fixtures';
import { addInventoryHost, removeInventoryHost } from './support/inventory-edit';
import { E2E_DB_FILE } from './support/paths';

// "Applied, waiting for a cold boot" in a real browser, and the Cold boot… action on a real libvirtd: a
// running TCG guest whose finding waits for a cold boot shows the badge; an operator confirms a cold boot
// with force-off (the diskless guest ignores ACPI), a new QEMU process runs, and the guest and its host
// are queued for a poll; a viewer sees no Cold boot… and gets 403. The spec owns its host, guest and rows.

const HOST = 'e2e-coldboot-kvm';
const GUEST = 'e2e-coldboot-guest';
let domain = '';
let dir = '';
let sshd: TestSshd;
let libvirtd: TestLibvirtd;
const db = () => getDb(`file:${E2E_DB_FILE}`);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-e2e-coldboot-'));
  libvirtd = useTestLibvirtd();
  domain = uniqueDomainName('e2e');
  defineDomain(dir, domain, tinyDomainXml({ name: domain }));
  virshSystem('start', domain);
  const lab = await startRemediationSshd(dir);
  sshd = lab.sshd;
  await addInventoryHost(
    remediationHostEntry(HOST, lab, libvirtd.uri, {
      user: 'monitor',
      knownHosts: lab.knownHosts,
      guests: [{ name: GUEST, domain, user: 'monitor' }],
    }),
  );
  const now = new Date();
  await seedFinding(db(), {
    target: { kind: 'guest', name: GUEST, hostName: HOST, hostAddress: '127.0.0.1', domain },
    rule: 'rng-device-missing',
    summary: `domain ${domain} has no <rng> device`,
    at: now,
    pendingColdBootSince: now,
    remediation: { summary: 'Add a virtio-rng device', steps: [], restartRequired: true },
  });
});

test.afterAll(async () => {
  await removeInventoryHost(HOST);
  await db().finding.deleteMany({ where: { target: { name: { in: [HOST, GUEST] } } } });
  await db().target.deleteMany({ where: { name: GUEST } });
  await db().target.deleteMany({ where: { name: HOST } });
  if (domain) removeDomain(domain);
  libvirtd?.release();
  await sshd?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.describe('Cold boot', () => {
  test.use({ storageState: stateFile('operator') });

  test('a waiting finding shows its badge; an operator cold boots the guest with force-off', async ({
    page,
  }) => {
    const pidBefore = virshSystem('domid', domain).trim();
    await page.goto(`/guests/${GUEST}`);
    const open = page.getByTestId('open-findings');
    await expect(open).toContainText('1 waiting for a cold boot');
    await expect(open.getByTestId('waiting-cold-boot')).toHaveText('Waiting for cold boot');

    await open.getByTestId('cold-boot-open').click();
    const review = open.getByTestId('cold-boot-review');
    await expect(review).toContainText(`Shuts ${domain} down on ${HOST}`);
    await review.getByTestId('cold-boot-force').check();
    await review.getByTestId('cold-boot-seconds').fill('2');
    await review.getByTestId('cold-boot-confirm').click();
    await expect(open.getByTestId('cold-boot-result')).toHaveAttribute('data-result', 'cold-booted', {
      timeout: 90_000,
    });
    await expect(open.getByTestId('cold-boot-result')).toContainText('It was forced off.');
    // A new QEMU process: libvirt gives a started domain a new id.
    expect(domainState(domain)).toBe('running');
    expect(virshSystem('domid', domain).trim()).not.toBe(pidBefore);
    const asked = await db().target.findMany({
      where: { name: { in: [HOST, GUEST] }, pollRequestedAt: { not: null } },
    });
    expect(asked.map((t) => t.name).sort()).toEqual([HOST, GUEST].sort());
    const audit = await db().auditEvent.findFirst({
      where: { action: 'remediation.cold-boot' },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({ ok: true });
    expect(audit?.subject).toContain(`${GUEST}: cold boot of ${HOST}/${domain} as root, force off after 2 s`);
  });
});

test.describe('A viewer', () => {
  test.use({ storageState: stateFile('viewer') });

  test('sees the waiting badge but no Cold boot…, and gets 403 from the API', async ({ page }) => {
    await page.goto(`/guests/${GUEST}`);
    const open = page.getByTestId('open-findings');
    await expect(open.getByTestId('waiting-cold-boot')).toHaveCount(1);
    await expect(open.getByTestId('cold-boot-open')).toHaveCount(0);
    // The fleet page shows the guest's waiting finding beside (not in) its finding counts.
    await page.goto(`/?q=${GUEST}`);
    const row = page.locator(`tr[data-target="${GUEST}"]`);
    await expect(row.locator('[data-waiting-cold-boot="1"]')).toHaveText('1 waiting for cold boot');
    await expect(row.locator('.pill.s-warning')).toHaveCount(0);
    const res = await page.request.post(`/api/v1/targets/${GUEST}/cold-boot`, { data: { confirm: true } });
    expect(res.status()).toBe(403);
  });
});
