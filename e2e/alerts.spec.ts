import { expect, test } from './support/fixtures';
import { E2E_TARGETS as T } from './support/targets';

test.describe('Alerts', () => {
  test('lists each webhook with its events and attempts, URL redacted', async ({ page }) => {
    await page.goto('/alerts');
    const ops = page.locator('section[data-webhook="ops-json"]');
    await expect(ops).toContainText('http://127.0.0.1:');
    // The collector queued these while polling the lab: the critical disk finding fired, and the
    // driver that got loaded sent its resolve.
    const firing = ops.locator('tr.event-row').filter({ hasText: 'firing' }).filter({ hasText: 'db-01:' });
    await expect(firing.first()).toBeVisible();
    await expect(ops.locator('tr.event-row').filter({ hasText: 'resolved' }).first()).toBeVisible();
    // Each event shows its target as it stands now: the stale critical guest keeps its severity.
    const stale = ops
      .locator('tr.event-row')
      .filter({ hasText: 'firing' })
      .filter({ hasText: `${T.staleGuest}:` });
    await expect(stale.first().locator('.target-health')).toHaveAttribute(
      'data-health',
      'Critical · stale 2 h',
    );
    const slack = page.locator('section[data-webhook="team-slack"]');
    await expect(slack).toContainText('https://hooks.slack.example/...');
    await expect(slack).not.toContainText('secret-token');
  });

  test('"Send test event" queues a test event and shows it', async ({ page }) => {
    await page.goto('/alerts');
    const slack = page.locator('section[data-webhook="team-slack"]');
    const before = await slack.locator('tr.event-row').count();
    await slack.getByRole('button', { name: 'Send test event' }).click();
    await expect(slack.getByRole('status')).toContainText(/Test event \S+ queued/);
    await expect(slack.locator('tr.event-row')).toHaveCount(before + 1);
    await expect(slack.locator('tr.event-row').first()).toContainText('test');
  });
});
