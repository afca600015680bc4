import { getDb } from '../lib/db/client';
import { virshLocal } from '../test/support/libvirt-embed';
import { addApplyHost, removeApplyHost, type ApplyHost } from './support/apply-host';
import { stateFile } from './support/auth-paths';
import { expect, test } from './support/fixtures';
import { E2E_DB_FILE } from './support/paths';

// One-click fix in a real browser: an operator previews the diff of a real domain definition and applies
// it over a real sshd (the remediation account) to libvirt's embedded QEMU driver, and the definition
// changes; a viewer sees no Apply… and gets 403 from the API; a cross-site POST is refused. The spec adds
// its own host to the inventory and its own rows to the database, and removes them again.

const HOST = 'e2e-apply-kvm';
const DOMAIN = 'e2e-apply-guest';
// Made in beforeAll: Playwright also loads spec files in its main process, which runs no hooks.
let lab: ApplyHost | undefined;
let uri: string;
let findingId: number;
const db = () => getDb(`file:${E2E_DB_FILE}`);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  lab = await addApplyHost({
    host: HOST,
    domain: DOMAIN,
    rule: 'rng-device-missing',
    edit: { op: 'add-rng' },
    summary: `domain ${DOMAIN} has no <rng> device`,
    fixSummary: `Add a rate-limited virtio-rng device backed by /dev/urandom to ${DOMAIN}`,
  });
  ({ uri, findingId } = lab);
});

test.afterAll(() => removeApplyHost(lab));

test.describe('Apply a fix', () => {
  test.use({ storageState: stateFile('operator') });

  test('an operator previews the diff and applies it; the persistent definition has the <rng>', async ({
    page,
  }) => {
    const before = virshLocal(uri, 'dumpxml', '--inactive', '--domain', DOMAIN);
    expect(before).not.toContain('<rng');
    await page.goto(`/findings?id=${findingId}`);
    const finding = page.getByTestId('linked-finding');
    await finding.getByTestId('apply-open').click();
    const review = finding.getByTestId('apply-review');
    await expect(review).toContainText(`as SSH user root`);
    await expect(review.getByTestId('apply-diff')).toContainText("+    <rng model='virtio'>");
    await expect(review.getByTestId('apply-diff')).toContainText(
      "+      <backend model='random'>/dev/urandom</backend>",
    );
    // The preview changed nothing.
    expect(virshLocal(uri, 'dumpxml', '--inactive', '--domain', DOMAIN)).toBe(before);

    await review.getByTestId('apply-confirm').click();
    await expect(finding.getByTestId('apply-result')).toHaveAttribute('data-result', 'applied', {
      timeout: 60_000,
    });
    const after = virshLocal(uri, 'dumpxml', '--inactive', '--domain', DOMAIN);
    expect(after).toContain("<backend model='random'>/dev/urandom</backend>");
    expect(after).toContain("<rate bytes='1024' period='1000'/>");

    const audit = await db().auditEvent.findFirst({
      where: { action: 'remediation.apply' },
      orderBy: { id: 'desc' },
    });
    expect(audit?.subject).toContain(`finding ${findingId}: add-rng on ${HOST}/${DOMAIN} as root`);
    expect(audit?.ok).toBe(true);
  });

  test('a cross-site POST is refused', async ({ page }) => {
    const res = await page.request.post(`/api/v1/findings/${findingId}/apply`, {
      data: { dryRun: true },
      headers: { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(res.status()).toBe(403);
  });
});

test.describe('A viewer', () => {
  test.use({ storageState: stateFile('viewer') });

  test('sees no Apply… and gets 403 from the API', async ({ page }) => {
    await page.goto(`/findings?id=${findingId}`);
    const finding = page.getByTestId('linked-finding');
    await expect(finding.locator('details.finding')).toHaveAttribute('data-rule', 'rng-device-missing');
    await expect(finding.getByTestId('apply-open')).toHaveCount(0);
    const res = await page.request.post(`/api/v1/findings/${findingId}/apply`, { data: { dryRun: true } });
    expect(res.status()).toBe(403);
  });
});
