import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDb } from '../lib/db/client';
import {
  defineLocal,
  libvirtRemediation,
  remediationHostEntry,
  seedFinding,
  startRemediationSshd,
} from '../test/support/apply-lab';
import { embeddedLibvirt, virshLocal } from '../test/support/libvirt-embed';
import type { TestSshd } from '../test/support/sshd';
import { stateFile } from './support/auth-paths';
import { expect, test } from './support/fixtures';
import { addInventoryHost, removeInventoryHost } from './support/inventory-edit';
import { E2E_DB_FILE } from './support/paths';

// Revert in a real browser: an operator applies a fix to a real domain definition (real sshd, libvirt's
// embedded QEMU driver), then Revert… on the finding's apply history shows the diff back and defines the
// definition before the apply again, byte for byte; a viewer sees the history but no Revert… and gets 403.

const HOST = 'e2e-revert-kvm';
const DOMAIN = 'e2e-revert-guest';
let dir = '';
let sshd: TestSshd;
let uri: string;
let findingId: number;
let original = '';
const db = () => getDb(`file:${E2E_DB_FILE}`);
const inactive = () => virshLocal(uri, 'dumpxml', '--inactive', '--domain', DOMAIN);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-e2e-revert-'));
  const lab = await startRemediationSshd(dir);
  sshd = lab.sshd;
  uri = embeddedLibvirt(path.join(dir, 'libvirt'));
  defineLocal(dir, uri, DOMAIN);
  original = inactive();
  await addInventoryHost(
    remediationHostEntry(HOST, lab, uri, { user: 'monitor', knownHosts: lab.knownHosts }),
  );
  findingId = await seedFinding(db(), {
    target: { kind: 'host', name: HOST, address: '127.0.0.1' },
    rule: 'vmgenid-missing',
    subject: DOMAIN,
    summary: `domain ${DOMAIN} has no <genid>`,
    remediation: libvirtRemediation(
      HOST,
      DOMAIN,
      { op: 'add-genid' },
      {
        restartRequired: false,
        summary: `Add <genid/> to ${DOMAIN}`,
        reason: 'e2e',
      },
    ),
  });
});

test.afterAll(async () => {
  await removeInventoryHost(HOST);
  await db().domainChange.deleteMany({ where: { host: HOST } });
  await db().finding.deleteMany({ where: { target: { name: HOST } } });
  await db().target.deleteMany({ where: { name: HOST } });
  await sshd?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.describe('Revert an applied change', () => {
  test.use({ storageState: stateFile('operator') });

  test('an operator applies, then reverts from the apply history: the definition is the one before', async ({
    page,
  }) => {
    await page.goto(`/findings?id=${findingId}`);
    const finding = page.getByTestId('linked-finding');
    await finding.getByTestId('apply-open').click();
    await finding.getByTestId('apply-confirm').click();
    await expect(finding.getByTestId('apply-result')).toHaveAttribute('data-result', 'applied', {
      timeout: 60_000,
    });
    expect(inactive()).toMatch(/<genid>[0-9a-f-]{36}<\/genid>/);

    await page.goto(`/findings?id=${findingId}`);
    const history = page.getByTestId('linked-finding').getByTestId('apply-history');
    await expect(history.getByTestId('apply-history-entry')).toHaveCount(1);
    await history.getByTestId('revert-open').click();
    const review = history.getByTestId('revert-review');
    await expect(review.getByTestId('revert-diff')).toContainText('-  <genid>');
    expect(inactive()).not.toBe(original); // the preview changed nothing
    await review.getByTestId('revert-confirm').click();
    await expect(history.getByTestId('revert-result')).toHaveAttribute('data-result', 'reverted', {
      timeout: 60_000,
    });
    expect(inactive()).toBe(original);
    // The history says so too once the page has refreshed, and offers no second Revert….
    await expect(history.getByTestId('apply-history-entry').first()).toContainText('Revert of change');
    await expect(history.getByTestId('revert-open')).toHaveCount(0);
    const audit = await db().auditEvent.findFirst({
      where: { action: 'remediation.revert' },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({ ok: true, actor: 'e2e-operator' });
  });
});

test.describe('A viewer', () => {
  test.use({ storageState: stateFile('viewer') });

  test('sees the apply history but no Revert…, and gets 403 from the API', async ({ page }) => {
    await page.goto(`/findings?id=${findingId}`);
    const history = page.getByTestId('linked-finding').getByTestId('apply-history');
    await expect(history.getByTestId('apply-history-entry').first()).toBeVisible();
    await expect(history.getByTestId('revert-open')).toHaveCount(0);
    const change = await db().domainChange.findFirst({ where: { host: HOST } });
    const res = await page.request.post(`/api/v1/domain-changes/${change!.id}/revert`, {
      data: { dryRun: true },
    });
    expect(res.status()).toBe(403);
  });
});
