import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createToken } from '../lib/auth/tokens';
import { addUser } from '../lib/auth/users';
import { closeDb, getDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { expect, test } from './support/fixtures';
import { E2E_PORT } from './support/paths';
import { spawnScript, waitForOutput, type Spawned } from './support/second-server';

// The fleet page on a fleet larger than one page (10 hosts × 22 guests = 230 targets, on a server of
// its own): 100 rows a page, worst first across pages, the filter and sort kept in the pager's links,
// the tiles counting the whole fleet.

const HOSTS = 10;
const GUESTS = 22;
const TOTAL = HOSTS * (GUESTS + 1);
const port = E2E_PORT + 15;
const base = `http://127.0.0.1:${port}`;
let dir: string;
let server: Spawned;
let auth: Record<string, string>;

test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-fleet-paging-'));
  const url = `file:${path.join(dir, 'ew.db')}`;
  await migrateDatabase(url);
  const db = getDb(url);
  const now = new Date();
  for (let h = 0; h < HOSTS; h++) {
    const host = await db.target.create({
      data: { name: `kvm-${h}`, kind: 'host', address: `10.0.${h}.1`, lastPollAt: now, lastStatus: 'ok' },
    });
    await db.target.createMany({
      data: Array.from({ length: GUESTS }, (_, g) => ({
        name: `vm-${h}-${String(g).padStart(2, '0')}`,
        kind: 'guest',
        hostId: host.id,
        address: `10.0.${h}.${g + 10}`,
        lastPollAt: now,
        lastStatus: 'ok',
        lastEntropyAvail: 256,
      })),
    });
  }
  // The worst target sorts last by name: worst first must still put it (and its host) on page 1.
  const worst = await db.target.findUniqueOrThrow({ where: { name: 'vm-9-21' } });
  await db.finding.create({
    data: {
      targetId: worst.id,
      rule: 'rng-device-missing',
      severity: 'critical',
      state: 'open',
      summary: 'vm-9-21 has no <rng> device',
      remediation: '{}',
      openedAt: now,
      updatedAt: now,
    },
  });
  const viewer = await addUser(db, 'pager', 'viewer', null);
  const token = await createToken(db, { userId: viewer.id, scope: 'read', name: 'paging', expiresAt: null });
  auth = { Authorization: `Bearer ${token.secret}` };
  await closeDb();
  // --web-only: no collector, whose inventory sync would mark the seeded targets removed.
  server = spawnScript('scripts/start.ts', ['--no-build', '--web-only'], {
    DATABASE_URL: url,
    PORT: String(port),
  });
  await waitForOutput(server, /dashboard: listening on 127\.0\.0\.1:\d+/);
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('230 targets: three pages of at most 100 rows, worst first, filter and sort kept', async ({
  browser,
}) => {
  const context = await browser.newContext({ extraHTTPHeaders: auth });
  const page = await context.newPage();
  const rows = page.locator('[data-testid="fleet-table"] tr[data-target]:not(.context)');
  const pager = page.getByTestId('fleet-pager');

  await page.goto(`${base}/`);
  await expect(page.getByTestId('tile-targets')).toHaveText(String(TOTAL));
  await expect(page.getByTestId('fleet-count')).toHaveText(`${TOTAL} targets`);
  await expect(rows).toHaveCount(100);
  await expect(rows.first()).toHaveAttribute('data-target', 'kvm-9');
  await expect(rows.nth(1)).toHaveAttribute('data-target', 'vm-9-21');
  await expect(pager).toContainText(`Rows 1–100 of ${TOTAL}, page 1 of 3`);

  await pager.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(`${base}/?page=2`);
  await expect(pager).toContainText(`Rows 101–200 of ${TOTAL}, page 2 of 3`);
  await expect(rows).toHaveCount(100);
  // Page 2 starts inside a host's group: the host is repeated as the heading, not counted.
  await expect(page.locator('[data-testid="fleet-table"] tr.host-row.context').first()).toBeVisible();
  await expect(page.locator('[data-target="vm-9-21"]')).toHaveCount(0);

  await pager.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(`${base}/?page=3`);
  await expect(rows).toHaveCount(TOTAL - 200);
  await expect(pager.getByRole('link', { name: 'Next →' })).toHaveCount(0);
  await pager.getByRole('link', { name: '← Previous' }).click();
  await expect(page).toHaveURL(`${base}/?page=2`);

  // The filter and the sort stay in the pager's links; a page past the end shows the last one.
  await page.goto(`${base}/?sort=name&status=ok`);
  await expect(page.getByTestId('fleet-count')).toHaveText(`${TOTAL - 1} of ${TOTAL} targets match`);
  await expect(rows.first()).toHaveAttribute('data-target', 'kvm-0');
  await pager.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(`${base}/?status=ok&sort=name&page=2`);
  await page.goto(`${base}/?page=99`);
  await expect(pager).toContainText('page 3 of 3');
  await context.close();
});
