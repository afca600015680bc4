import { expect, test } from './support/fixtures';
import { E2E_TARGETS as T } from './support/targets';

const row = (page: import('@playwright/test').Page, name: string) =>
  page.locator(`tr[data-target="${name}"]`);

test.describe('Fleet', () => {
  test('shows every target with its status and, when not fresh, its freshness as colour, icon and text', async ({
    page,
  }) => {
    await page.goto('/');
    // [target, status, status text, freshness, freshness text]
    const expected: [string, string, string, string, string | null][] = [
      [T.criticalGuest, 'critical', 'Critical', 'fresh', null],
      [T.legacyGuest, 'warning', 'Warning', 'fresh', null],
      // three timed-out cycles opened target-unreachable (a warning); the data is not current
      [T.unreachableGuest, 'warning', 'Warning', 'unreachable', 'Unreachable'],
      [T.staleGuest, 'critical', 'Critical', 'stale', 'Stale 2 h'],
      [T.okGuest, 'ok', 'OK', 'fresh', null],
      [T.infoGuest, 'info', 'Info', 'fresh', null],
      [T.host, 'ok', 'OK', 'fresh', null],
      [T.otherHost, 'ok', 'OK', 'fresh', null],
    ];
    const colours = new Map<string, string>();
    for (const [name, status, text, freshness, freshnessText] of expected) {
      await expect(row(page, name)).toHaveAttribute('data-freshness', freshness);
      const badge = row(page, name).locator('.badge[data-status]');
      await expect(badge).toHaveAttribute('data-status', status);
      await expect(badge).toHaveText(text);
      await expect(badge.locator('svg')).toHaveCount(1);
      colours.set(status, await badge.evaluate((el) => getComputedStyle(el).color));
      const fresh = row(page, name).locator('.badge[data-freshness]');
      if (freshnessText === null) {
        await expect(fresh).toHaveCount(0);
      } else {
        await expect(fresh).toHaveText(freshnessText);
        await expect(fresh.locator('svg')).toHaveCount(1);
        colours.set(freshness, await fresh.evaluate((el) => getComputedStyle(el).color));
      }
    }
    // Each status and each freshness has its own colour.
    expect(colours.size).toBe(6);
    expect(new Set(colours.values()).size).toBe(colours.size);
    await expect(row(page, T.unreachableGuest)).toContainText('timeout');
    // What manages each host's guests (docs/platforms.md): a tag on the host row, the host's on its guests.
    await expect(row(page, T.host).getByTestId('platform')).toHaveText('libvirt');
    await expect(row(page, T.criticalGuest)).toHaveAttribute('data-platform', 'libvirt');
    await expect(row(page, T.criticalGuest).getByTestId('platform')).toHaveCount(0);
    await expect(row(page, T.staleGuest)).toContainText('last poll 2 h ago');
  });

  test('sorts worst first: severity first, then freshness', async ({ page }) => {
    await page.goto('/');
    const guests = page.locator('tr.guest-row');
    // Both critical guests lead, the one whose data is stale first; the unreachable guest (a warning)
    // comes after them, never above a critical one.
    await expect(guests.first()).toHaveAttribute('data-target', T.staleGuest);
    const order = await guests.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-target')));
    expect(order.indexOf(T.criticalGuest)).toBeLessThan(order.indexOf(T.unreachableGuest));
    expect(order.indexOf(T.staleGuest)).toBeLessThan(order.indexOf(T.criticalGuest));
    // Each critical guest's host heads its group: kvm-02 (stale critical guest) before kvm-01.
    const heads = await page
      .locator('tbody')
      .evaluateAll((groups) => groups.map((g) => g.querySelector('tr')?.getAttribute('data-target')));
    expect(heads.slice(0, 2)).toEqual([T.otherHost, T.host]);
    await expect(row(page, T.criticalGuest).locator('.pill.s-critical')).toHaveText('1');
  });

  test('summary tiles count targets, unhealthy, unreachable and open critical findings', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('tile-targets')).toHaveText('8');
    // Unhealthy (docs/status.md): two critical, one warning, and the unreachable one (also a warning).
    await expect(page.getByTestId('tile-unhealthy')).toHaveText('4');
    await expect(page.getByTestId('tile-unhealthy-note')).toHaveText('2 critical · 2 warning · 1 stale');
    await expect(page.getByTestId('tile-unreachable')).toHaveText('1');
    await expect(page.getByTestId('tile-critical-findings')).toHaveText('2');
  });

  test('a critical target whose data is stale stays critical in every view', async ({ page, request }) => {
    // Fleet table: critical and stale, side by side.
    await page.goto('/');
    const stale = row(page, T.staleGuest);
    await expect(stale).toHaveAttribute('data-status', 'critical');
    await expect(stale.locator('.target-health')).toHaveAttribute('data-health', 'Critical · stale 2 h');
    // Tiles: counted as critical and as stale.
    await expect(page.getByTestId('tile-unhealthy-note')).toContainText('2 critical');
    await expect(page.getByTestId('tile-unhealthy-note')).toContainText('1 stale');
    // Filters: it is among the critical targets and among the stale ones.
    for (const query of ['status=critical', 'freshness=stale', 'status=unhealthy']) {
      await page.goto(`/?${query}`);
      await expect(row(page, T.staleGuest), query).toHaveAttribute('data-status', 'critical');
    }
    // API: status and freshness, with the age of the data.
    const one = await (await request.get(`/api/v1/targets/${T.staleGuest}`)).json();
    expect(one).toMatchObject({ status: 'critical', freshness: 'stale', lastPoll: { ageSeconds: 7200 } });
    const crit = (await (await request.get('/api/v1/targets?status=critical')).json()) as { name: string }[];
    expect(crit.map((t) => t.name).sort()).toEqual([T.criticalGuest, T.staleGuest].sort());
    // Its host's page lists it as critical and stale; its own page says both and why.
    await page.goto(`/hosts/${T.otherHost}`);
    const domainRow = page.getByTestId('domains-table').locator(`tr[data-domain="${T.staleGuest}"]`);
    await expect(domainRow.locator('.target-health')).toHaveAttribute('data-health', 'Critical · stale 2 h');
    await page.goto(`/guests/${T.staleGuest}`);
    const header = page.locator('.page-header .target-health');
    await expect(header.locator('.badge[data-status]')).toHaveText('Critical');
    await expect(header.locator('.badge[data-freshness]')).toHaveText('Stale 2 h');
    await expect(page.getByRole('status')).toContainText('no poll for 2 h');
    await expect(page.getByRole('status')).toContainText(
      'open findings (critical) are from then and still stand',
    );
    await expect(
      page.getByTestId('open-findings').locator('details[data-rule="crng-not-ready"]'),
    ).toHaveCount(1);
  });

  test('filters by status and searches by name without a full reload', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('form[role="search"][data-ready="true"]')).toBeAttached();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByLabel('Data').selectOption('unreachable');
    await expect(page).toHaveURL(/freshness=unreachable/);
    await expect(page.locator('tr.guest-row')).toHaveCount(1);
    await expect(page.locator('tr.guest-row')).toHaveAttribute('data-target', T.unreachableGuest);
    await page.getByLabel('Data').selectOption('all');
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
