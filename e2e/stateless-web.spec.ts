import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { addUser } from '../lib/auth/users';
import { COOKIE_PREFIX } from '../lib/auth/auth';
import { closeDb, getDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { startLab } from '../test/lab/lab';
import type { Lab } from '../test/lab/types';
import { killHard, spawnCollect, until, type CollectorProcess } from '../test/support/collector-process';
import { startPostgres, type TestPostgres } from '../test/support/postgres';
import { expect, test } from './support/fixtures';
import { E2E_PORT } from './support/paths';
import { spawnScript, waitForOutput, type Spawned } from './support/second-server';

// Stateless web (docs/scaling.md): two `npm start -- --web-only` processes, A and B, side by side on one
// PostgreSQL, as replicas behind a load balancer. Whatever one of them learns (a session, a silence, an
// API token, its revocation, failed sign-ins, a sign-out) the other knows at its next request, because
// all of it lives in the database. Cookies do not care about ports, so the browser's session cookie
// from A reaches B exactly as it would through one load-balanced host name. Two collectors
// (`npm run collect -- --collector-id ...`) poll a small lab into the same database, and both servers'
// Collectors card shows them.

const anonymous = { cookies: [], origins: [] };
test.use({ storageState: anonymous });

const A = `http://127.0.0.1:${E2E_PORT + 13}`;
const B = `http://127.0.0.1:${E2E_PORT + 14}`;
const ADMIN = { username: 'ops', password: 'ops-password-1' };
const LOCKED = { username: 'locked', password: 'locked-password-1' };
const SESSION_COOKIE = `${COOKIE_PREFIX}.session_token`;

const COLLECTORS = ['site-a-1', 'site-a-2'];

let pg: TestPostgres | undefined;
let lab: Lab | undefined;
const servers: Spawned[] = [];
const collectors: CollectorProcess[] = [];

test.beforeAll(async () => {
  test.setTimeout(240_000);
  pg = await startPostgres();
  const url = await pg.createDatabase('web');
  // As an operator would: `npm run migrate`, users made with `npm run users add`, then the replicas.
  await migrateDatabase(url);
  const db = getDb(url);
  await addUser(db, ADMIN.username, 'admin', ADMIN.password);
  await addUser(db, LOCKED.username, 'viewer', LOCKED.password);
  await closeDb();
  for (const base of [A, B]) {
    const port = new URL(base).port;
    servers.push(
      spawnScript('scripts/start.ts', ['--no-build', '--web-only'], { DATABASE_URL: url, PORT: port }),
    );
  }
  // Two hosts, one with a guest: two lease groups for two collectors. A generous timeout: the
  // machine may be loaded.
  lab = await startLab({
    hosts: [{ name: 'kvm-w1', guests: [{ name: 'web-w1', via: true }] }, { name: 'kvm-w2' }],
    inventory: { interval: '5s', timeout: '20s' },
  });
  for (const id of COLLECTORS) {
    collectors.push(spawnCollect(['--config', lab.inventoryPath, '--collector-id', id], url));
  }
  await Promise.all(
    servers.map((s) => waitForOutput(s, /dashboard: listening on 127\.0\.0\.1:\d+/, 180_000)),
  );
  for (const s of servers) expect(s.output()).toContain('web only: no collector in this process');
});

test.afterAll(async () => {
  await Promise.all(collectors.map((c) => killHard(c)));
  await Promise.all(servers.map((s) => s.stop()));
  await lab?.stop();
  await pg?.stop();
});

/** Targets polled in the cycles a collector logged ("collector: cycle 3: 2/2 ok in ..."). */
function sumPolled(output: string): number {
  return [...output.matchAll(/collector: cycle \d+: \d+\/(\d+) ok/g)].reduce((n, m) => n + Number(m[1]), 0);
}

/** A request context with no cookies of its own. */
const fresh = (): Promise<APIRequestContext> => playwrightRequest.newContext({ storageState: anonymous });

test('two --web-only servers on one PostgreSQL: sessions, silences, tokens, throttle and sign-out are shared', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  try {
    await steps(page);
  } finally {
    // What the processes said, for whoever reads a failure.
    for (const [i, s] of servers.entries())
      await testInfo.attach(`server-${'AB'[i]}.log`, { body: s.output() });
    for (const [i, c] of collectors.entries())
      await testInfo.attach(`${COLLECTORS[i]}.log`, { body: c.output() });
  }
});

async function steps(page: Page): Promise<void> {
  await test.step('signed in on A, the session cookie is good on B', async () => {
    const res = await page.request.post(`${A}/api/auth/sign-in`, {
      form: { ...ADMIN, next: '/' },
      headers: { Origin: A },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(303);
    expect(res.headers()['location']).toBe('/');
    await page.goto(`${B}/`);
    await expect(page).toHaveURL(`${B}/`);
    await expect(page.getByTestId('account-link')).toHaveText(ADMIN.username);
  });

  await test.step("both servers' Collectors card shows both collectors, their leases and last cycle", async () => {
    // Every target polled once, by whichever collector holds it.
    await until(
      'a cycle of every target',
      () => collectors.reduce((n, c) => n + sumPolled(c.output()), 0) >= 3,
      180_000,
    );
    for (const base of [A, B]) {
      // A lease lives 1.5 intervals (7.5 s here): a collector starved of CPU on a loaded machine can
      // let one lapse for a moment before it renews it, so the card is read again (page reloaded)
      // until the leases add up, for at most a minute. More than 3, or never 3, still fails.
      await expect(async () => {
        await page.goto(`${base}/`);
        const card = page.getByTestId('collectors');
        await expect(card.getByRole('heading', { name: 'Collectors' })).toBeVisible();
        await expect(card).toContainText(`${COLLECTORS.length} of ${COLLECTORS.length} reporting`);
        let leases = 0;
        for (const id of COLLECTORS) {
          const cells = card.getByTestId(`collector-${id}`).getByRole('cell');
          await expect(cells.nth(0)).toHaveText(id);
          await expect(cells.nth(2)).toHaveText('reporting');
          const held = Number(await cells.nth(3).textContent());
          leases += held;
          // A collector that holds targets has cycled: "N targets in 1.2 s, 3 s ago".
          if (held > 0) await expect(cells.nth(4)).toHaveText(/^\d+ targets? in .+, (.+ ago|just now)$/);
          await expect(cells.nth(5)).toHaveText(/^pid \d+ on \S+$/);
        }
        // Three targets (two hosts, one guest), each leased by exactly one collector.
        expect(leases).toBe(3);
      }).toPass({ timeout: 60_000 });
    }
  });

  await test.step('a silence made on A is listed by B', async () => {
    const comment = `maintenance ${Date.now()}`;
    const made = await page.request.post(`${A}/api/v1/silences`, {
      data: {
        matchers: { rule: 'entropy-low' },
        comment,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      headers: { Origin: A },
    });
    expect(made.status(), await made.text()).toBe(201);
    const { id } = (await made.json()) as { id: number };
    const listed = await page.request.get(`${B}/api/v1/silences?state=active`);
    expect(listed.status()).toBe(200);
    expect(
      ((await listed.json()) as { id: number; comment: string }[]).map((s) => [s.id, s.comment]),
    ).toEqual([[id, comment]]);
  });

  await test.step('an API token made on A works on B, and stops working there once A revokes it', async () => {
    await page.goto(`${A}/account`);
    await page.getByLabel('Token name').fill('replica check');
    await page.getByLabel('Scope').selectOption('read');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('new-token').textContent())!.trim();
    expect(secret).toMatch(/^ew_/);
    const api = await fresh();
    const withToken = { headers: { Authorization: `Bearer ${secret}` } };
    expect((await api.get(`${B}/api/v1/findings`, withToken)).status()).toBe(200);
    const row = page.locator('tr', { hasText: 'replica check' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(page.locator('tr', { hasText: 'replica check' })).toContainText('revoked');
    expect((await api.get(`${B}/api/v1/findings`, withToken)).status()).toBe(401);
    await api.dispose();
  });

  await test.step('ten failed sign-ins on A lock the account on B too', async () => {
    const api = await fresh();
    const attempt = (base: string, password: string) =>
      api.post(`${base}/api/auth/sign-in`, {
        form: { username: LOCKED.username, password, next: '/' },
        headers: { Origin: base },
        maxRedirects: 0,
      });
    for (let i = 0; i < 10; i++) {
      expect((await attempt(A, `wrong-password-${i}`)).headers()['location']).toContain('error=invalid');
    }
    const right = await attempt(B, LOCKED.password);
    expect(right.status()).toBe(303);
    expect(right.headers()['location']).toContain('error=throttled');
    await api.dispose();
  });

  await test.step('signed out on A, the same cookie is refused by B', async () => {
    const cookie = (await page.context().cookies(B)).find((c) => c.name === SESSION_COOKIE);
    expect(cookie, `a ${SESSION_COOKIE} cookie`).toBeDefined();
    const api = await fresh();
    const asBrowser = { headers: { Cookie: `${cookie!.name}=${cookie!.value}` }, maxRedirects: 0 };
    expect((await api.get(`${B}/api/v1/silences`, asBrowser)).status()).toBe(200);
    const out = await page.request.post(`${A}/api/auth/sign-out`, {
      form: { next: '/' },
      headers: { Origin: A },
      maxRedirects: 0,
    });
    expect(out.status()).toBe(303);
    expect((await api.get(`${B}/api/v1/silences`, asBrowser)).status()).toBe(401);
    const pageOnB = await api.get(`${B}/`, asBrowser);
    expect(pageOnB.status()).toBe(303);
    expect(pageOnB.headers()['location']).toContain('/sign-in');
    await api.dispose();
  });
}
