import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { SCREENSHOT_DIR } from './support/paths';
import { E2E_TARGETS as T } from './support/targets';

// Product screenshots for the README, light theme at 1440×900. `npm test` takes them too (the pages must
// get to their ready state) but keeps them in Playwright's outputDir, so a checkout stays clean after its
// own tests; `npm run screenshots` (EW_SCREENSHOTS=1) refreshes the committed ones in docs/screenshots/.
test.use({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });

const REFRESH = process.env.EW_SCREENSHOTS === '1';

test.beforeAll(() => {
  if (REFRESH) fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

const shots: [string, string, string][] = [
  ['fleet', '/', 'fleet-table'],
  ['host', `/hosts/${T.host}`, 'entropy-chart'],
  ['guest', `/guests/${T.legacyGuest}`, 'entropy-chart'],
  ['findings', `/findings?target=${T.criticalGuest}&state=all`, 'findings-count'],
];

for (const [name, url, ready] of shots) {
  test(`screenshot: ${name}`, async ({ page }) => {
    await page.goto(url);
    await expect(page.getByTestId(ready)).toBeVisible();
    if (ready === 'entropy-chart') await expect(page.locator('.recharts-line-curve')).toHaveCount(1);
    if (name === 'findings') await page.locator('details.finding').first().locator('summary').click();
    const file = REFRESH ? path.join(SCREENSHOT_DIR, `${name}.png`) : test.info().outputPath(`${name}.png`);
    await page.screenshot({ path: file });
  });
}
