import { defineConfig } from '@playwright/test';
import { E2E_CLOCK_ENV } from './e2e/support/clock';
import { stateFile } from './e2e/support/auth-paths';
import { E2E_DB_FILE, E2E_INVENTORY_FILE, E2E_PORT } from './e2e/support/paths';

// Debian's Chromium, never a downloaded browser. The server is the production build (`npm run build`
// first). Playwright starts the web server BEFORE globalSetup, so readiness is checked on the port only:
// an HTTP probe would render a page and open the database before global setup has created it.
export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  // Generous on purpose: the suite must pass on a machine 5x slower or busy (no spec races the clock:
  // the server's "now" is frozen, e2e/support/clock.ts), so these only bound a hang.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    // Signed in as admin (global setup signs in; e2e/access.spec.ts covers the other roles and none).
    storageState: stateFile('admin'),
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // scripts/serve.ts: Next.js behind node:http recording each request's peer address (as `npm start`).
    command: 'node --import tsx scripts/serve.ts',
    port: E2E_PORT,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `file:${E2E_DB_FILE}`,
      NEXT_TELEMETRY_DISABLED: '1',
      HOST: '127.0.0.1',
      PORT: String(E2E_PORT),
      // Written by global setup (thresholds and webhooks the pages show); read per request.
      ENTROPY_WATCH_CONFIG: E2E_INVENTORY_FILE,
      // Test-only: the server judges freshness at the instant the data was collected up to.
      ...E2E_CLOCK_ENV,
    },
  },
});
