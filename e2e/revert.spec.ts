import { getDb } from '../lib/db/client';
import { virshLocal } from '../test/support/libvirt-embed';
import { addApplyHost, removeApplyHost, type ApplyHost } from './support/apply-host';
import { stateFile } from './support/auth-paths';
import { expect, test } from './support/fixtures';
import { E2E_DB_FILE } from './support/paths';

// Revert in a real browser: an operator applies a fix to a real domain definition (real sshd, libvirt's
// embedded QEMU driver), then Revert… on the finding's apply history shows the diff back and defines the
// definition before the apply again, byte for byte; a viewer sees the history but no Revert… and gets 403.

const HOST = 'e2e-revert-kvm';
const DOMAIN = 'e2e-revert-guest';
let lab: ApplyHost | undefined;
let uri: string;
let findingId: number;
let original = '';
const db = () => getDb(`file:${E2E_DB_FILE}`);
const inactive = () => virshLocal(uri, 'dumpxml', '--inactive', '--domain', DOMAIN);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  lab = await addApplyHost({
    host: HOST,
    domain: DOMAIN,
    rule: 'vmgenid-missing',
    edit: { op: 'add-genid' },
    summary: `domain ${DOMAIN} has no <genid>`,
    fixSummary: `Add <genid/> to ${DOMAIN}`,
  });
  ({ uri, findingId } = lab);
  original = inactive();
});

test.afterAll(() => removeApplyHost(lab));

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
