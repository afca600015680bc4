import { expect, test } from './support/fixtures';
import { E2E_TARGETS as T, XSS_DOMAIN } from './support/targets';

// The domain name of one guest is an <img onerror> payload. Every page that shows it must print it as
// text: no <img> element, no script run (the fixture fails the test on any dialog or page error).
for (const path of [
  '/',
  `/guests/${T.legacyGuest}`,
  `/hosts/${T.otherHost}`,
  '/findings',
  `/findings?target=${T.legacyGuest}&state=all`,
]) {
  test(`the XSS payload renders as text on ${path}`, async ({ page }) => {
    await page.goto(path);
    // On the findings pages the domain name sits in remediation commands: open every finding.
    for (const d of await page.locator('details.finding').all())
      await d.evaluate((el) => ((el as HTMLDetailsElement).open = true));
    await expect(page.getByText(XSS_DOMAIN).first()).toBeVisible();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.locator('img')).toHaveCount(0);
    // Give an onerror handler time to fire if the markup had been injected.
    await page.waitForTimeout(300);
  });
}
