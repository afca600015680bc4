import { expect, test } from './support/fixtures';
import { CRITICAL_RULE, E2E_TARGETS as T } from './support/targets';

const chart = (page: import('@playwright/test').Page) => page.getByTestId('entropy-chart');

async function pointCount(page: import('@playwright/test').Page): Promise<number> {
  return Number(await chart(page).getAttribute('data-point-count'));
}

test.describe('Guest page', () => {
  test('draws the entropy chart with data points and the CRNG reference line of a modern kernel', async ({
    page,
  }) => {
    await page.goto(`/guests/${T.criticalGuest}`);
    const svg = chart(page).locator('svg.recharts-surface');
    await expect(svg).toBeVisible();
    const line = chart(page).locator('.recharts-line-curve');
    await expect(line).toHaveCount(1);
    // One path segment per bucket: a real series, not an empty frame.
    const segments = await line.evaluate((p) => (p.getAttribute('d') ?? '').split(/[ML]/).length - 1);
    expect(segments).toBeGreaterThan(100);
    expect(await pointCount(page)).toBeGreaterThan(100);
    await expect(chart(page).getByText('CRNG ready (256)')).toBeVisible();
  });

  test('switching the range re-renders the chart with other data and keeps the range in the URL', async ({
    page,
  }) => {
    await page.goto(`/guests/${T.criticalGuest}`);
    await expect(chart(page).locator('.recharts-line-curve')).toHaveCount(1);
    const day = await pointCount(page);
    await page.getByRole('navigation', { name: 'Chart range' }).getByRole('link', { name: '1h' }).click();
    await expect(page).toHaveURL(/range=1h/);
    await expect(page.getByRole('link', { name: '1h' })).toHaveAttribute('aria-current', 'true');
    await expect.poll(() => pointCount(page)).toBeLessThan(day);
    const hour = await pointCount(page);
    expect(hour).toBeGreaterThan(0);
    // Few points: each one is drawn as a dot.
    await expect(chart(page).locator('.recharts-line-dots circle')).toHaveCount(hour);
    await page.getByRole('link', { name: '30d' }).click();
    await expect(page).toHaveURL(/range=30d/);
    await expect.poll(() => pointCount(page)).toBeGreaterThan(day);
    expect(await pointCount(page)).toBeLessThanOrEqual(1000);
  });

  test('a legacy kernel gets the warn and critical threshold lines instead', async ({ page }) => {
    await page.goto(`/guests/${T.legacyGuest}`);
    await expect(chart(page).locator('.recharts-reference-line')).toHaveCount(2);
    await expect(page.getByText('warn < 200')).toBeVisible();
    await expect(page.getByText('critical < 100')).toBeVisible();
    await expect(page.getByText(/legacy kernel RNG \(poolsize 4096\)/)).toBeVisible();
  });

  test('shows RNG status, disks with verdicts and open findings', async ({ page }) => {
    await page.goto(`/guests/${T.criticalGuest}`);
    const rng = page.locator('section', { has: page.getByRole('heading', { name: 'Kernel and RNG' }) });
    await expect(rng).toContainText('virtio_rng.0');
    await expect(rng).toContainText('CRNG ready');
    const disk = page.getByTestId('disk-table').locator(`tr[data-disk="${T.criticalDisk}"]`);
    await expect(disk).toContainText('native');
    await expect(disk.locator('.verdict.s-critical')).toBeVisible();
    await expect(page.getByTestId('disk-table').locator('tr[data-disk="vda"] .verdict')).toHaveText('OK');
    await expect(
      page.getByTestId('open-findings').locator(`details[data-rule="${CRITICAL_RULE}"]`),
    ).toHaveCount(1);
    await expect(page.getByTestId('resolved-findings').locator('details')).toHaveCount(1);
  });

  test('clone identity names the targets sharing a value', async ({ page }) => {
    await page.goto(`/guests/${T.infoGuest}`);
    await expect(page.getByTestId('shared-identity')).toContainText(`shared with ${T.staleGuest}`);
  });

  test('an unreachable guest says why; a host asked for as a guest is redirected', async ({ page }) => {
    await page.goto(`/guests/${T.unreachableGuest}`);
    await expect(page.getByRole('status')).toContainText('timeout');
    await page.goto(`/guests/${T.host}`);
    await expect(page).toHaveURL(new RegExp(`/hosts/${T.host}$`));
  });

  test('an unknown target is a 404 page', async ({ request }) => {
    const res = await request.get('/guests/no-such-target');
    expect(res.status()).toBe(404);
    expect(await res.text()).toContain('No such target or page');
  });
});

test.describe('Host page', () => {
  test('shows who holds /dev/random, every domain with its RNG devices, and disk verdicts', async ({
    page,
  }) => {
    await page.goto(`/hosts/${T.host}`);
    await expect(page.getByTestId('holders-table')).toContainText(T.criticalGuest);
    const domains = page.getByTestId('domains-table');
    await expect(domains.locator(`tr[data-domain="${T.criticalGuest}"]`)).toContainText('/dev/urandom');
    await expect(domains).toContainText('not in the inventory');
    // Where the domains come from, and how each was judged (docs/platforms.md).
    await expect(page.getByTestId('guest-source')).toContainText('domains reported by virsh');
    await expect(domains.getByTestId('host-view-only').first()).toBeVisible();
    await expect(domains.locator(`tr[data-domain="${T.criticalGuest}"]`)).toContainText('definition');
    const disks = page.getByTestId('disk-table');
    await expect(disks.locator(`tr[data-disk="${T.criticalDisk}"] .verdict.s-critical`)).toBeVisible();
    await expect(chart(page).locator('svg.recharts-surface')).toBeVisible();
  });
});
