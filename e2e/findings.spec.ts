import { expect, test } from './support/fixtures';
import { CRITICAL_RULE, E2E_TARGETS as T } from './support/targets';

test.describe('Findings', () => {
  test('expanding a finding shows its remediation with the reason, steps and restart note', async ({
    page,
  }) => {
    await page.goto('/findings');
    const finding = page.locator(`details[data-rule="${CRITICAL_RULE}"]`);
    await expect(finding).not.toHaveAttribute('open', '');
    await finding.locator('summary').click();
    await expect(finding).toHaveAttribute('open', '');
    const remediation = finding.getByRole('region', { name: 'Remediation' });
    await expect(remediation).toBeVisible();
    await expect(remediation.getByRole('heading', { level: 3 })).toContainText('Fix:');
    await expect(finding.getByText(`Run on host ${T.host}`).first()).toBeVisible();
    await expect(finding.locator('[data-restart="required"]')).toContainText('Guest restart required');
    // The disk rule's reason: modern QEMU refuses aio=native without cache.direct.
    await expect(finding.locator('.callout')).toContainText('cache.direct');
    await expect(finding.locator('.codeblock[data-kind="xml"]')).toContainText("cache='none' io='native'");
  });

  test('Copy puts the exact command on the clipboard', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await page.goto('/findings');
    const finding = page.locator(`details[data-rule="${CRITICAL_RULE}"]`);
    await finding.locator('summary').click();
    const blocks = finding.locator('.codeblock');
    for (const i of [0, 2]) {
      const block = blocks.nth(i);
      const expected = await block.locator('pre code').textContent();
      expect(expected?.length).toBeGreaterThan(10);
      // Located by class: its accessible name changes from "Copy command" to "Copied command".
      const button = block.locator('button.copy-button');
      await expect(button).toHaveAccessibleName(/^Copy (command|XML)$/);
      await button.click();
      await expect(button).toContainText('Copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    }
  });

  test('?id=N opens that finding and scrolls to it', async ({ page, request }) => {
    const res = await request.get(`/api/v1/findings?state=all&target=${T.criticalGuest}`);
    const all = (await res.json()) as { id: number; rule: string; state: string }[];
    const resolved = all.find((f) => f.state === 'resolved')!;
    await page.setViewportSize({ width: 1440, height: 500 });
    await page.goto(`/findings?id=${resolved.id}`);
    const linked = page.locator(`#finding-${resolved.id}`).first();
    await expect(linked).toHaveAttribute('open', '');
    await expect(linked).toBeInViewport();
    await expect(page.getByTestId('linked-finding')).toContainText(`Finding #${resolved.id}`);
  });

  test('filters by state, severity and target', async ({ page }) => {
    await page.goto('/findings?state=resolved');
    // Resolved in the lab's history: db-01's driver got loaded, web-02's RNG selected, legacy-01's entropy recovered once.
    await expect(page.locator('details.finding')).toHaveCount(3);
    await page.goto(`/findings?severity=info`);
    // The clone pair sharing a random-seed: one info finding each.
    await expect(page.locator('details.finding')).toHaveCount(2);
    for (const f of await page.locator('details.finding').all())
      await expect(f).toHaveAttribute('data-severity', 'info');
    await page.goto('/findings');
    await page.getByRole('textbox', { name: 'Target' }).fill(T.legacyGuest);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(new RegExp(`target=${T.legacyGuest}`));
    await expect(page.locator('details.finding')).toHaveCount(2);
  });

  test('a bad filter value is reported, not silently dropped', async ({ page }) => {
    await page.goto('/findings?severity=urgent');
    await expect(page.locator('.notice.error')).toContainText(
      'severity must be one or more of info, warning, critical',
    );
  });
});
