import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { canConnect, spawnScript, waitForOutput } from './support/second-server';
import { E2E_PORT } from './support/paths';

// `npm start` on an empty database, as a newcomer runs it: no HOST, no users. It must listen on
// 127.0.0.1 only and print a one-time setup URL that leads to a signed-in dashboard in one form.

const anonymous = { cookies: [], origins: [] };
test.use({ storageState: anonymous });

test('npm start: 127.0.0.1 only, a printed setup URL, refused without its token, admin created', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-first-start-'));
  const port = E2E_PORT + 12;
  const env: Record<string, string> = { DATABASE_URL: `file:${path.join(dir, 'ew.db')}`, PORT: String(port) };
  const server = spawnScript('scripts/start.ts', ['--no-build'], env);
  try {
    const [, url] = await waitForOutput(server, /first start: create the admin account at (\S+)/);
    await waitForOutput(server, /dashboard: listening on 127\.0\.0\.1:\d+/);
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/setup\\?token=[A-Za-z0-9_-]{20,}$`));

    // Bound to loopback only: another local address of this machine gets no connection.
    expect(await canConnect('127.0.0.1', port)).toBe(true);
    expect(await canConnect('127.0.0.2', port)).toBe(false);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) expect(await canConnect(external.address, port)).toBe(false);

    // Without the token: refused, on the page and at the form's endpoint.
    const base = `http://127.0.0.1:${port}`;
    await page.goto(`${base}/`);
    await expect(page).toHaveURL(`${base}/setup`);
    await expect(page.getByTestId('setup-refused')).toBeVisible();
    await expect(page.getByRole('button', { name: /Create admin/ })).toHaveCount(0);
    const forged = await page.request.post(`${base}/api/auth/setup`, {
      form: {
        token: 'guess',
        username: 'mallory',
        password: 'mallory-password',
        confirm: 'mallory-password',
      },
    });
    expect(forged.status()).toBe(403);
    expect((await page.request.get(`${base}/api/v1/targets`)).status()).toBe(503);

    // With the printed URL: one form, then the dashboard, signed in as the new admin.
    await page.goto(url!);
    await page.getByLabel('Admin user name').fill('ops-admin');
    await page.getByLabel('Password (at least 8 characters)').fill('first-admin-pass');
    await page.getByLabel('Password again').fill('first-admin-pass');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await expect(page).toHaveURL(`${base}/`);
    await expect(page.getByTestId('account-link')).toHaveText('ops-admin');
    await expect(page.getByRole('link', { name: 'Users' })).toBeVisible();
    // The link is spent.
    await page.goto(url!);
    await expect(page).toHaveURL(`${base}/`);
  } finally {
    // Leave the app first: a page left open goes on prefetching its links, and each prefetch after
    // the server stops is a console error (ERR_CONNECTION_REFUSED) that fails the test's teardown.
    await page.goto('about:blank').catch(() => undefined);
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
