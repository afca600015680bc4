import { expect, test } from './support/fixtures';
import { E2E_TARGETS as T } from './support/targets';

const row = (page: import('@playwright/test').Page, name: string) =>
  page.locator(`tr[data-target="${name}"]`);

test.describe('Fleet', () => {
  test('shows every target with its status as colour, icon and text', async ({ page }) => {
    await page.goto('/');
    const expected: [string, string, string][] = [
      [T.criticalGuest, 'critical', 'Critical'],
      [T.legacyGuest, 'warning', 'Warning'],
      [T.unreachableGuest, 'unreachable', 'Unreachable'],
      [T.staleGuest, 'stale', 'Stale'],
      [T.okGuest, 'ok', 'OK'],
      [T.infoGuest, 'ok', 'OK'],
      [T.host, 'ok', 'OK'],
      [T.otherHost, 'ok', 'OK'],
    ];
    const colours = new Map<string, string>();
    for (const [name, status, text] of expected) {
      const badge = row(page, name).locator('.badge[data-status]');
      await expect(badge).toHaveAttribute('data-status', status);
      await expect(badge).toHaveText(text);
      await expect(badge.locator('svg')).toHaveCount(1);
      colours.set(status, await badge.evaluate((el) => getComputedStyle(el).color));
    }
    // Each status has its own colour.
    expect(new Set(colours.values()).size).toBe(colours.size);
    await expect(row(page, T.unreachableGuest)).toContainText('timeout');
    await expect(row(page, T.staleGuest)).toContainText('last poll');
  });

  test('sorts worst first: the guest with a critical finding comes first', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('tr.guest-row').first()).toHaveAttribute('data-target', T.criticalGuest);
    // Its host heads the first group.
    await expect(page.locator('tbody').first().locator('tr').first()).toHaveAttribute('data-target', T.host);
    const critical = row(page, T.criticalGuest);
    await expect(critical.locator('.pill.s-critical')).toHaveText('1');
  });

  test('summary tiles count targets, unhealthy, unreachable and open critical findings', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('tile-targets')).toHaveText('8');
    await expect(page.getByTestId('tile-unhealthy')).toHaveText('4');
    await expect(page.getByTestId('tile-unreachable')).toHaveText('1');
    await expect(page.getByTestId('tile-critical-findings')).toHaveText('1');
  });

  test('filters by status and searches by name without a full reload', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('form[role="search"][data-ready="true"]')).toBeAttached();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByLabel('Status').selectOption('unreachable');
    await expect(page).toHaveURL(/status=unreachable/);
    await expect(page.locator('tr.guest-row')).toHaveCount(1);
    await expect(page.locator('tr.guest-row')).toHaveAttribute('data-target', T.unreachableGuest);
    await page.getByLabel('Status').selectOption('all');
    await page.getByRole('searchbox', { name: 'Search targets' }).fill('legacy');
    await expect(page).toHaveURL(/q=legacy/);
    await expect(page.locator('tr.guest-row')).toHaveCount(1);
    await expect(page.getByTestId('fleet-count')).toHaveText('1 of 8 targets match');
    // Same document: the filters re-rendered the server components in place.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  });

  test('sort by name puts hosts and guests in natural order', async ({ page }) => {
    await page.goto('/?sort=name');
    const names = await page
      .locator('tbody')
      .first()
      .locator('tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-target')));
    expect(names).toEqual([T.host, T.criticalGuest, T.okGuest, T.unreachableGuest]);
  });

  test('auto-refresh can be paused and resumed', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText(/Auto-refresh 30 s/)).toBeVisible();
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByText('Auto-refresh paused')).toBeVisible();
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByText(/Auto-refresh 30 s/)).toBeVisible();
  });

  test('rows link to the host and guest pages, keyboard reachable', async ({ page }) => {
    await page.goto('/');
    const link = row(page, T.criticalGuest).getByRole('link', { name: T.criticalGuest });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/guests/${T.criticalGuest}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(T.criticalGuest);
  });
});
