import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { E2E_USERS } from './support/auth';
import { stateFile } from './support/auth-paths';
import { expect, test } from './support/fixtures';
import { CRITICAL_RULE, E2E_TARGETS as T } from './support/targets';

// Silence the critical finding from its own page, see it marked silenced and the fleet status change,
// download the silenced view as CSV and read it back, expire the silence early, see the finding return.
// The spec leaves the data as it found it: the silence it makes is expired again before it ends.

test.describe('Silences', () => {
  test('silence a finding for an hour, see it silenced, export it, expire it early', async ({ page }) => {
    const comment = `e2e maintenance window ${Date.now()}`;
    const fleetRow = () => page.locator(`tr[data-target="${T.criticalGuest}"]`);

    await page.goto('/');
    await expect(fleetRow()).toHaveAttribute('data-status', 'critical');

    await page.goto(`/findings?target=${T.criticalGuest}`);
    const finding = page.locator(`details[data-rule="${CRITICAL_RULE}"]`).first();
    await finding.locator('summary').click();
    await finding.getByTestId('silence-link').click();

    // The form is prefilled to match exactly this finding.
    const form = page.getByRole('form', { name: 'New silence' });
    await expect(form.getByLabel('Rule')).toHaveValue(CRITICAL_RULE);
    await expect(form.getByLabel('Target')).toHaveValue(T.criticalGuest);
    await expect(form.getByLabel('Subject')).toHaveValue(T.criticalDisk);
    // A comment is required: the browser refuses an empty one before the server is asked.
    await form.getByRole('button', { name: 'Create silence' }).click();
    await expect(page).toHaveURL(/\/silences\/new/);
    await form.getByLabel(/^Why/).fill(comment);
    await form.getByLabel('Silence for').selectOption('1h');
    await form.getByRole('button', { name: 'Create silence' }).click();

    // Back on the finding: marked silenced (not hidden), with who, until when and why.
    await expect(page).toHaveURL(/\/findings\?id=\d+/);
    const linked = page.getByTestId('linked-finding').locator('details.finding');
    await expect(linked).toHaveAttribute('data-muted', 'silenced');
    await expect(linked.locator('.badge.s-silenced')).toHaveText('Silenced');
    await expect(linked.getByTestId('silence-note')).toContainText(comment);
    await expect(linked.getByTestId('silence-note')).toContainText(`by ${E2E_USERS.admin.username}`);

    // The silenced finding no longer colours its target.
    await page.goto('/');
    await expect(fleetRow()).toHaveAttribute('data-status', 'ok');

    // The silenced view, downloaded as CSV and read back with a CSV reader.
    await page.goto('/findings?state=silenced');
    await expect(page.locator('details.finding')).toHaveCount(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^entropy-watch-findings-silenced-.*\.csv$/);
    const rows = parse(fs.readFileSync((await download.path())!, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      state: 'open',
      muted: 'silenced',
      rule: CRITICAL_RULE,
      target: T.criticalGuest,
      subject: T.criticalDisk,
      silencedBy: E2E_USERS.admin.username,
      silenceComment: comment,
    });

    // Listed with who, why and what it matches; edited (a longer reason, a new expiry); expired early.
    await page.goto('/silences');
    let row = page.locator('tr[data-state="active"]', { hasText: comment });
    await expect(row).toContainText(`rule="${CRITICAL_RULE}"`);
    await expect(row).toContainText(E2E_USERS.admin.username);
    await row.getByRole('link', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: /^Edit silence \d+$/ });
    await edit.getByLabel(/^Why/).fill(`${comment} (extended)`);
    await edit.getByLabel('New expiry from now').selectOption('4h');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\/silences$/);
    row = page.locator('tr[data-state="active"]', { hasText: `${comment} (extended)` });
    await expect(row).toContainText(`changed by ${E2E_USERS.admin.username}`);
    await row.getByRole('button', { name: /^Expire silence \d+ now$/ }).click();
    await expect(page.locator('tr[data-state="expired"]', { hasText: comment })).toBeVisible();

    // The finding is back: no longer marked, and its target critical again.
    await page.goto(`/findings?target=${T.criticalGuest}`);
    await expect(page.locator(`details[data-rule="${CRITICAL_RULE}"]`).first()).not.toHaveAttribute(
      'data-muted',
      /.+/,
    );
    await page.goto('/findings?state=silenced');
    await expect(page.locator('details.finding')).toHaveCount(0);
    await page.goto('/');
    await expect(fleetRow()).toHaveAttribute('data-status', 'critical');
  });

  test('the API refuses a silence without a comment or longer than 90 days, saying what to fix', async ({
    request,
  }) => {
    const expiresAt = new Date(Date.now() + 100 * 86_400_000).toISOString();
    const res = await request.post('/api/v1/silences', {
      data: { matchers: { target: T.criticalGuest }, comment: '', expiresAt },
    });
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/comment is required/);
    expect(body.error).toMatch(/at most 90 days ahead/);
  });
});

test.describe('Silences by role', () => {
  test.describe('viewer', () => {
    test.use({ storageState: stateFile('viewer') });

    test('sees silences but cannot create or expire one (UI and API)', async ({ page }) => {
      await page.goto(`/silences/new?rule=${CRITICAL_RULE}&target=${T.criticalGuest}`);
      await expect(page.locator('.notice[role="alert"]')).toContainText('needs the operator role');
      await expect(page.getByRole('button', { name: 'Create silence' })).toHaveCount(0);
      await page.goto('/silences');
      await expect(page.getByRole('link', { name: 'New silence' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: /^Expire silence/ })).toHaveCount(0);
      const res = await page.request.post('/api/v1/silences', {
        data: {
          matchers: { target: T.criticalGuest },
          comment: 'viewer try',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      });
      expect(res.status()).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/needs the operator role/);
    });
  });

  test.describe('operator', () => {
    test.use({ storageState: stateFile('operator') });

    test('creates a silence through the API as itself and expires it', async ({ page }) => {
      const res = await page.request.post('/api/v1/silences', {
        data: {
          matchers: { rule: 'no-such-finding-e2e' },
          comment: 'operator via API',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      });
      expect(res.status()).toBe(201);
      const s = (await res.json()) as { id: number; createdBy: string };
      expect(s.createdBy).toBe(E2E_USERS.operator.username);
      const gone = await page.request.delete(`/api/v1/silences/${s.id}`);
      expect(gone.status()).toBe(200);
      expect(await gone.json()).toMatchObject({ status: { state: 'expired' } });
    });
  });
});
