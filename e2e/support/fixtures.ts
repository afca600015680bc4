import { test as base, expect } from '@playwright/test';

/**
 * Every spec runs with these automatic checks: no console error, no uncaught page error and no dialog
 * (an XSS payload that executes would open one) during the test.
 */
export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`dialog opened: ${d.type()} ${d.message()}`);
        void d.dismiss();
      });
      await use(problems);
      expect(problems, 'console errors, page errors or dialogs during the test').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
