import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDb } from '../lib/db/client';
import { generateKey } from '../test/support/keys';
import { embeddedLibvirt, virshLocal } from '../test/support/libvirt-embed';
import { startTestSshd, type TestSshd } from '../test/support/sshd';
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
  const key = path.join(dir, 'remedy_key');
  sshd = await startTestSshd({ dir: path.join(dir, 'sshd'), authorizedKeys: [await generateKey(key)] });
  const knownHosts = path.join(dir, 'known_hosts');
  fs.writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
  uri = embeddedLibvirt(path.join(dir, 'libvirt'));
  const xml = fs
    .readFileSync(path.resolve('lib/apply/fixtures/boot-cdrom.xml'), 'utf8')
    .replace('<name>QEMUGuest1</name>', `<name>${DOMAIN}</name>`)
    .replace("arch='i686'", "arch='x86_64'")
    .replace('qemu-system-i386', 'qemu-system-x86_64');
  fs.writeFileSync(path.join(dir, 'domain.xml'), xml);
  virshLocal(uri, 'define', path.join(dir, 'domain.xml'));
  original = inactive();
  await addInventoryHost({
    name: HOST,
    address: '127.0.0.1',
    port: sshd.port,
    user: 'monitor',
    knownHosts,
    libvirtUri: uri,
    remediation: { apply: true, user: 'root', identityFile: key },
  });
  const target = await db().target.create({ data: { name: HOST, kind: 'host', address: '127.0.0.1' } });
  const now = new Date();
  const finding = await db().finding.create({
    data: {
      targetId: target.id,
      rule: 'vmgenid-missing',
      subject: DOMAIN,
      severity: 'warning',
      state: 'open',
      summary: `domain ${DOMAIN} has no <genid>`,
      openedAt: now,
      updatedAt: now,
      remediation: JSON.stringify({
        summary: `Add <genid/> to ${DOMAIN}`,
        reason: 'e2e',
        steps: [],
        restartRequired: false,
        apply: {
          kind: 'libvirt-domain',
          host: HOST,
          domain: DOMAIN,
          edit: { op: 'add-genid' },
          restartRequired: false,
        },
      }),
    },
  });
  findingId = finding.id;
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
