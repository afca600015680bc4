import fs from 'node:fs';
import http from 'node:http';
import { request as playwrightRequest } from '@playwright/test';
import { getDb } from '../lib/db/client';
import { E2E_USERS, E2E_THROTTLED_USER, readE2eTokens } from './support/auth';
import { stateFile } from './support/auth-paths';
import { expect, test } from './support/fixtures';
import { E2E_DB_FILE, E2E_INVENTORY_FILE, E2E_PORT } from './support/paths';
import { E2E_TARGETS as T } from './support/targets';

const BASE = `http://127.0.0.1:${E2E_PORT}`;
const anonymous = { cookies: [], origins: [] };
const db = () => getDb(`file:${E2E_DB_FILE}`);
const testEvents = () => db().alertEvent.count({ where: { type: 'test' } });

test.describe('API tokens and status codes', () => {
  test.use({ storageState: anonymous });

  test('no credentials → 401; read token → 200; read token on a POST → 403; revoked or expired → 401', async ({
    request,
  }) => {
    const tokens = readE2eTokens();
    const none = await request.get('/api/v1/targets');
    expect(none.status()).toBe(401);
    expect(none.headers()['www-authenticate']).toContain('Bearer');
    const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
    const ok = await request.get('/api/v1/targets', { headers: bearer(tokens.read) });
    expect(ok.status()).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBeGreaterThan(0);
    const before = await testEvents();
    const post = await request.post('/api/v1/webhooks/ops-json/test', { headers: bearer(tokens.read) });
    expect(post.status()).toBe(403);
    expect(await testEvents()).toBe(before);
    for (const t of [tokens.revoked, tokens.expired, 'ew_not-a-real-token']) {
      expect((await request.get('/api/v1/targets', { headers: bearer(t) })).status()).toBe(401);
    }
    // A token opens pages too (uptime checks, scripts); without one a page sends you to sign in.
    const page = await request.get('/findings', { headers: bearer(tokens.read) });
    expect(page.status()).toBe(200);
    const signedOut = await request.get('/findings', { maxRedirects: 0 });
    expect(signedOut.status()).toBe(303);
    expect(signedOut.headers()['location']).toBe('/sign-in?next=%2Ffindings');
    // Health stays open and says nothing but its status.
    const health = await request.get('/api/health');
    expect(Object.keys(await health.json())).toEqual(['status']);
    // So does the icon, also where browsers look for it unasked (no 404 in the console).
    const favicon = await request.get('/favicon.ico');
    expect(favicon.status()).toBe(200);
    expect(favicon.url()).toMatch(/\/icon\.svg$/);
    expect(favicon.headers()['content-type']).toContain('image/svg+xml');
  });

  test('an operate token queues a test event; the token records its last use', async ({ request }) => {
    const tokens = readE2eTokens();
    const before = await testEvents();
    const res = await request.post('/api/v1/webhooks/ops-json/test', {
      headers: { Authorization: `Bearer ${tokens.operate}` },
    });
    expect(res.status()).toBe(202);
    expect(await testEvents()).toBe(before + 1);
    const used = await db().apiToken.findFirst({ where: { name: 'e2e operate' } });
    expect(used?.lastUsedAt).not.toBeNull();
  });

  test('security headers on pages and the API', async ({ request }) => {
    const tokens = readE2eTokens();
    for (const path of ['/', '/api/v1/targets', '/sign-in', '/api/health']) {
      const res = await request.get(path, {
        headers: { Authorization: `Bearer ${tokens.read}` },
        maxRedirects: 0,
      });
      const h = res.headers();
      expect(h['content-security-policy'], path).toMatch(
        /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/,
      );
      expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(h['x-content-type-options'], path).toBe('nosniff');
      expect(h['referrer-policy'], path).toBe('same-origin');
      expect(h['permissions-policy'], path).toContain('camera=()');
      expect(h['strict-transport-security'], path).toBeUndefined(); // plain http here
    }
  });
});

test.describe('roles in the browser', () => {
  test.describe('viewer', () => {
    test.use({ storageState: stateFile('viewer') });

    test('sees no Send test event button, gets 403 from the POST, and no secrets', async ({ page }) => {
      await page.goto('/alerts');
      await expect(page.locator('section[data-webhook="ops-json"]')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Send test event' })).toHaveCount(0);
      // Webhook URLs show scheme and host only.
      await expect(page.locator('section[data-webhook="team-slack"]')).toContainText(
        'https://hooks.slack.example',
      );
      await expect(page.locator('body')).not.toContainText('/services/');
      const before = await testEvents();
      const res = await page.request.post('/api/v1/webhooks/ops-json/test');
      expect(res.status()).toBe(403);
      expect(await testEvents()).toBe(before);
      await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
      expect((await page.request.get('/api/v1/audit')).status()).toBe(403);
    });
  });

  test.describe('operator', () => {
    test.use({ storageState: stateFile('operator') });

    test("an operator's click queues exactly one test event", async ({ page }) => {
      await page.goto('/alerts');
      const before = await testEvents();
      await page
        .locator('section[data-webhook="ops-json"]')
        .getByRole('button', { name: 'Send test event' })
        .click();
      await expect(page.locator('section[data-webhook="ops-json"]').getByRole('status')).toContainText(
        'queued',
      );
      expect(await testEvents()).toBe(before + 1);
      const audit = await db().auditEvent.findFirst({
        where: { action: 'webhook.test' },
        orderBy: { id: 'desc' },
      });
      expect(audit).toMatchObject({
        actor: E2E_USERS.operator.username,
        subject: 'ops-json',
        via: 'session',
      });
    });
  });

  test('a cross-site form POST with a valid session cookie gets 403 and queues nothing', async () => {
    const ctx = await playwrightRequest.newContext({ baseURL: BASE, storageState: stateFile('admin') });
    const before = await testEvents();
    const res = await ctx.post('/api/v1/webhooks/ops-json/test', {
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      form: { x: '1' },
    });
    expect(res.status()).toBe(403);
    const sameSiteLie = await ctx.post('/api/v1/webhooks/ops-json/test', {
      headers: { Origin: 'https://evil.example' },
      form: { x: '1' },
    });
    expect(sameSiteLie.status()).toBe(403);
    expect(await testEvents()).toBe(before);
    await ctx.dispose();
  });

  test('admin adds a user, changes their role, makes and revokes a token, removes them', async ({ page }) => {
    await page.goto('/users');
    await page.getByLabel('User name').fill('e2e-newcomer');
    await page.getByLabel('Role for the new user').selectOption('viewer');
    await page.getByLabel('Password', { exact: true }).fill('newcomer-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    const row = page.locator('tr[data-user="e2e-newcomer"]');
    await expect(row.getByText('current role viewer')).toBeAttached();
    await row.getByLabel('Role of e2e-newcomer').selectOption('operator');
    await row.getByRole('button', { name: 'Save role' }).click();
    await expect(row.getByText('current role operator')).toBeAttached();
    await row.getByRole('button', { name: 'Remove' }).click();
    await expect(page.locator('tr[data-user="e2e-newcomer"]')).toHaveCount(0);
    const actions = (await db().auditEvent.findMany({ where: { subject: 'e2e-newcomer' } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['user.add', 'user.role', 'user.remove']));
    await page.goto('/audit');
    await expect(page.getByRole('table')).toContainText('user.remove');
  });

  test('account page: a new token is shown once, listed by id, and revocable', async ({ page }) => {
    await page.goto('/account');
    await page.getByLabel('Token name').fill('e2e page token');
    await page.getByLabel('Scope').selectOption('read');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('new-token').textContent())!.trim();
    expect(secret).toMatch(/^ew_/);
    const api = await playwrightRequest.newContext({ baseURL: BASE, storageState: anonymous });
    expect(
      (await api.get('/api/v1/findings', { headers: { Authorization: `Bearer ${secret}` } })).status(),
    ).toBe(200);
    const row = page.locator('tr', { hasText: 'e2e page token' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(page.locator('tr', { hasText: 'e2e page token' })).toContainText('revoked');
    expect(
      (await api.get('/api/v1/findings', { headers: { Authorization: `Bearer ${secret}` } })).status(),
    ).toBe(401);
    await api.dispose();
  });
});

test.describe('least exposure', () => {
  test('viewers see key paths as placeholders in API answers and pages; admins see them whole', async ({
    browser,
  }) => {
    // The lab inventory's real identity file and known_hosts paths (they appear in the ssh command of
    // the unreachable guest's remediation).
    const yaml = fs.readFileSync(E2E_INVENTORY_FILE, 'utf8');
    const identityFile = /identityFile: (\S+)/.exec(yaml)?.[1];
    const knownHosts = /knownHosts: (\S+)/.exec(yaml)?.[1];
    expect(identityFile && knownHosts).toBeTruthy();
    const url = `/api/v1/findings?target=${T.unreachableGuest}&state=all`;

    const admin = await browser.newContext({ storageState: stateFile('admin') });
    const whole = await (await admin.request.get(url)).text();
    expect(whole).toContain(identityFile!);
    expect(whole).toContain(knownHosts!);
    await admin.close();

    const viewer = await browser.newContext({ storageState: stateFile('viewer') });
    const masked = await (await viewer.request.get(url)).text();
    expect(masked).not.toContain(identityFile!);
    expect(masked).not.toContain(knownHosts!);
    expect(masked).toContain('IDENTITY_FILE');
    const page = await viewer.newPage();
    await page.goto(`/guests/${T.unreachableGuest}`);
    await expect(page.locator('main')).toBeVisible();
    const html = await page.content();
    expect(html).not.toContain(identityFile!);
    expect(html).not.toContain(knownHosts!);
    await viewer.close();
  });
});

test.describe.serial('sign-in and throttling (signs in over HTTP: keep last)', () => {
  test.use({ storageState: anonymous });

  test('the sign-in page signs a user in and out; cookie flags are right', async ({ page }) => {
    await page.goto('/hosts/' + T.host);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    // Keyboard only: the user name field has focus, Tab moves to the password, Enter submits.
    await expect(page.getByLabel('User name')).toBeFocused();
    await page.keyboard.type(E2E_USERS.viewer.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(E2E_USERS.viewer.password);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-in')),
      page.keyboard.press('Enter'),
    ]);
    const cookie = (await response.allHeaders())['set-cookie'] ?? '';
    expect(cookie).toMatch(/entropy-watch\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i); // http here; Secure when ENTROPY_WATCH_PUBLIC_URL is https
    await expect(page).toHaveURL(new RegExp(`/hosts/${T.host}$`));
    await expect(page.getByTestId('account-link')).toHaveText(E2E_USERS.viewer.username);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto('/findings');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('"Sign out everywhere" ends the sessions of other browsers too', async ({ browser }) => {
    const signedIn = async () => {
      const ctx = await browser.newContext({ storageState: anonymous });
      const page = await ctx.newPage();
      await page.goto('/sign-in');
      await page.getByLabel('User name').fill(E2E_THROTTLED_USER.username);
      await page.getByLabel('Password').fill(E2E_THROTTLED_USER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('account-link')).toHaveText(E2E_THROTTLED_USER.username);
      return { ctx, page };
    };
    const a = await signedIn();
    const b = await signedIn();
    await a.page.goto('/account');
    await a.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(a.page).toHaveURL(/\/sign-in$/);
    await b.page.goto('/findings');
    await expect(b.page).toHaveURL(/\/sign-in\?next=/);
    await a.ctx.close();
    await b.ctx.close();
  });

  test('the 11th wrong password within a minute is refused even with the right one', async () => {
    const ctx = await playwrightRequest.newContext({ baseURL: BASE });
    const attempt = (password: string) =>
      ctx.post('/api/auth/sign-in', {
        form: { username: E2E_THROTTLED_USER.username, password },
        headers: { Origin: BASE },
        maxRedirects: 0,
      });
    for (let i = 0; i < 10; i++) {
      expect((await attempt(`wrong-${i}`)).headers()['location']).toContain('error=invalid');
    }
    const right = await attempt(E2E_THROTTLED_USER.password);
    expect(right.headers()['location']).toContain('error=throttled');
    expect(right.headers()['set-cookie']).toBeUndefined();
    await ctx.dispose();
  });
});

test.describe('auth proxy', () => {
  test.use({ storageState: anonymous });

  test('the header from an untrusted address is refused and logged; from a trusted one it signs in', async () => {
    const { spawnScript, waitForOutput } = await import('./support/second-server');
    const port = E2E_PORT + 11;
    const server = spawnScript('scripts/serve.ts', [], {
      DATABASE_URL: `file:${E2E_DB_FILE}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      ENTROPY_WATCH_AUTH_PROXY_HEADER: 'X-Forwarded-User',
      ENTROPY_WATCH_AUTH_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups',
      ENTROPY_WATCH_AUTH_PROXY_GROUP_ROLES: 'sre=operator',
      ENTROPY_WATCH_AUTH_PROXY_TRUSTED: '127.0.0.1',
    });
    try {
      await waitForOutput(server, /listening on 127\.0\.0\.1:\d+/);
      const get = (localAddress: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.get(
            {
              host: '127.0.0.1',
              port,
              path: '/api/v1/targets',
              localAddress,
              headers: { 'X-Forwarded-User': 'sso-jane', 'X-Forwarded-Groups': 'staff,sre' },
            },
            (res) => {
              let body = '';
              res.on('data', (d: Buffer) => (body += d.toString()));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            },
          );
          req.on('error', reject);
        });
      // 127.0.0.2 is this machine too, but not the trusted proxy address.
      const untrusted = await get('127.0.0.2');
      expect(untrusted.status).toBe(403);
      expect(await db().user.findUnique({ where: { username: 'sso-jane' } })).toBeNull();
      const refused = await db().auditEvent.findFirst({
        where: { action: 'proxy.refused' },
        orderBy: { id: 'desc' },
      });
      expect(refused).toMatchObject({ address: '127.0.0.2', subject: 'sso-jane' });
      const trusted = await get('127.0.0.1');
      expect(trusted.status).toBe(200);
      expect(await db().user.findUnique({ where: { username: 'sso-jane' } })).toMatchObject({
        role: 'operator',
      });
    } finally {
      await server.stop();
    }
  });
});
