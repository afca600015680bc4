import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

// A vitest reporter that names every test which failed and then passed on its retry (CI retries the
// integration suites once, as Playwright retries e2e there). `npm test` prints them in its summary,
// so a flaky test is reported, not hidden. Writes one line per test to $EW_FLAKY_FILE.
export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const d = test.diagnostic();
    if (d && d.retryCount > 0 && test.result().state === 'passed')
      this.flaky.push(`${path.relative(process.cwd(), test.module.moduleId)} › ${test.fullName}`);
  }

  onTestRunEnd(): void {
    const file = process.env.EW_FLAKY_FILE;
    if (file) fs.writeFileSync(file, this.flaky.map((l) => `${l}\n`).join(''));
  }
}
