import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCycle } from '../lib/collector/cycle';
import { getDb } from '../lib/db/client';
import { syncInventory } from '../lib/db/sync-inventory';
import { loadInventory } from '../lib/inventory/load';
import { createTransport, type Transport } from '../lib/transport';
import { remediationHostEntry, startRemediationSshd } from '../test/support/apply-lab';
import {
  defineDomain,
  domainState,
  ensureMonitorAccount,
  removeDomain,
  tinyDomainXml,
  uniqueDomainName,
  useTestLibvirtd,
  virshSystem,
  type TestLibvirtd,
} from '../test/support/libvirtd';
import type { TestSshd } from '../test/support/sshd';
import { stateFile } from './support/auth-paths';
import { E2E_NOW } from './support/clock';
import { expect, test } from './support/fixtures';
import { addInventoryHost, removeInventoryHost } from './support/inventory-edit';
import { E2E_DB_FILE, E2E_INVENTORY_FILE, E2E_PORT } from './support/paths';

// Bulk apply in a real browser against a real libvirtd (QEMU under TCG): five RUNNING guests without an
// <rng> device → select them → review (each domain validated, diffs) → apply → progress → all five
// "applied, waiting for a cold boot" → cold boot two → after the poll those two resolve. The collector's
// side (answering "poll now") is played by the spec calling the real collector cycle for its host, at
// the suite's frozen clock. The spec adds its own host and rows and removes them.

const HOST = 'e2e-bulk-kvm';
const RULE = 'rng-device-missing';
let dir = '';
let sshd: TestSshd;
let libvirtd: TestLibvirtd;
let transport: Transport;
const guests: { name: string; domain: string }[] = [];
let tick = 0;
const db = () => getDb(`file:${E2E_DB_FILE}`);

test.describe.configure({ mode: 'serial' });

/** What the collector does when asked to poll now: one real cycle over this spec's host and guests. */
async function pollNow(): Promise<void> {
  // No webhooks: this spec's findings queue no alerts for the alert specs to find.
  const inventory = { ...loadInventory({ configPath: E2E_INVENTORY_FILE, env: {} }), webhooks: [] };
  const targetIds = await syncInventory(db(), inventory, E2E_NOW);
  const only = new Set([HOST, ...guests.map((g) => g.name)]);
  // Just after the suite's frozen "now", so the pages (judging at that instant) see these polls.
  const at = new Date(E2E_NOW.getTime() + ++tick * 1000);
  await runCycle({
    db: db(),
    inventory,
    transport,
    targetIds,
    publicUrl: `http://127.0.0.1:${E2E_PORT}`,
    only,
    now: () => at,
  });
}

const findingOf = (guest: string) =>
  db().finding.findFirst({ where: { rule: RULE, target: { name: guest } }, orderBy: { id: 'desc' } });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-e2e-bulk-'));
  libvirtd = useTestLibvirtd();
  const lab = await startRemediationSshd(dir, { monitorReadable: true });
  sshd = lab.sshd;
  for (let i = 1; i <= 5; i++) {
    const domain = uniqueDomainName(`bulk${i}`);
    defineDomain(dir, domain, tinyDomainXml({ name: domain }));
    virshSystem('start', domain);
    guests.push({ name: `e2e-bulk-${i}`, domain });
  }
  // the monitoring account reads (virsh -r); only the remediation account changes anything
  const monitor = ensureMonitorAccount();
  await addInventoryHost(
    remediationHostEntry(HOST, lab, libvirtd.uri, {
      user: monitor,
      identityFile: lab.key,
      knownHosts: lab.knownHosts,
      // a guest's own monitoring account (it is never logged in to: no address)
      guests: guests.map((g) => ({ name: g.name, domain: g.domain, user: monitor })),
    }),
  );
  transport = createTransport({ agentSocket: () => undefined });
  await pollNow();
  for (const g of guests) expect((await findingOf(g.name))?.state, g.name).toBe('open');
});

test.afterAll(async () => {
  await removeInventoryHost(HOST);
  const names = [HOST, ...guests.map((g) => g.name)];
  await db().finding.deleteMany({ where: { target: { name: { in: names } } } });
  await db().target.deleteMany({ where: { name: { in: names } } });
  await transport?.close();
  for (const g of guests) removeDomain(g.domain);
  await sshd?.stop();
  libvirtd?.release();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.describe('Bulk apply', () => {
  test.use({ storageState: stateFile('operator') });

  test('five running guests get an <rng>, wait for a cold boot; two cold booted resolve', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const before = guests.map((g) => virshSystem('dumpxml', '--inactive', '--domain', g.domain));
    await page.goto(`/findings?rule=${RULE}`);
    const card = page.getByTestId('bulk-apply');
    for (const g of guests)
      await card.locator(`[data-testid=bulk-row][data-domain="${g.domain}"] input`).check();
    await card.getByTestId('bulk-open').click();

    // The review: every domain validated on its host, each diff adds the <rng>; nothing changed yet.
    const review = card.getByTestId('bulk-review');
    await expect(review.getByTestId('bulk-validation')).toHaveAttribute('data-valid', 'true', {
      timeout: 120_000,
    });
    await expect(review.getByTestId('bulk-review-target')).toHaveCount(5);
    await expect(review.locator('[data-testid=bulk-review-target][data-valid=true]')).toHaveCount(5);
    const first = review.locator(`[data-testid=bulk-review-target][data-domain="${guests[0]!.domain}"]`);
    await first.locator('summary').click();
    await expect(first.getByTestId('bulk-diff')).toContainText("+    <rng model='virtio'>");
    expect(guests.map((g) => virshSystem('dumpxml', '--inactive', '--domain', g.domain))).toEqual(before);

    // Apply: progress from the run record until the run is done.
    await review.getByTestId('bulk-confirm').click();
    const run = card.getByTestId('bulk-run');
    await expect(run).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
    for (const g of guests)
      await expect(run.locator(`[data-testid=bulk-run-target][data-domain="${g.domain}"]`)).toHaveAttribute(
        'data-state',
        'applied-waiting-for-cold-boot',
      );
    const target = run.locator(`[data-testid=bulk-run-target][data-domain="${guests[0]!.domain}"]`);
    await target.locator('summary').click();
    await expect(target.locator('[data-step=define]')).toContainText('defined from domain.xml');
    for (const g of guests) {
      expect(virshSystem('dumpxml', '--inactive', '--domain', g.domain)).toContain(
        "<rate bytes='1024' period='1000'/>",
      );
      expect(virshSystem('dumpxml', '--domain', g.domain)).not.toContain('<rng');
    }

    // The run asked for a poll of the host; the collector's poll shows all five waiting.
    expect((await db().target.findUnique({ where: { name: HOST } }))?.pollRequestedAt).not.toBeNull();
    await pollNow();
    for (const g of guests) expect((await findingOf(g.name))?.pendingColdBootSince, g.name).not.toBeNull();
    await page.goto(`/findings?rule=${RULE}`);
    for (const g of guests)
      await expect(
        card.locator(`[data-testid=bulk-row][data-domain="${g.domain}"] [data-testid=bulk-row-state]`),
      ).toHaveText('applied, waiting for a cold boot');

    // Cold boot two from their guest pages (its own confirmation, force-off: these guests have no OS to
    // answer ACPI), then the poll: those two resolve, three still wait.
    const booted = guests.slice(0, 2);
    for (const g of booted) {
      await page.goto(`/guests/${g.name}`);
      const open = page.getByTestId('open-findings');
      await open.getByTestId('cold-boot-open').first().click();
      const confirm = open.getByTestId('cold-boot-review').first();
      await confirm.getByTestId('cold-boot-force').check();
      await confirm.getByTestId('cold-boot-seconds').fill('1');
      await confirm.getByTestId('cold-boot-confirm').click();
      await expect(open.getByTestId('cold-boot-result').first()).toHaveAttribute(
        'data-result',
        'cold-booted',
        {
          timeout: 120_000,
        },
      );
      expect(domainState(g.domain)).toBe('running');
    }
    await pollNow();
    for (const g of booted) expect((await findingOf(g.name))?.state, g.name).toBe('resolved');
    for (const g of guests.slice(2)) expect((await findingOf(g.name))?.state, g.name).toBe('open');
    await page.goto(`/findings?rule=${RULE}`);
    for (const g of booted)
      await expect(card.locator(`[data-testid=bulk-row][data-domain="${g.domain}"]`)).toHaveCount(0);
    for (const g of guests.slice(2))
      await expect(
        card.locator(`[data-testid=bulk-row][data-domain="${g.domain}"] [data-testid=bulk-row-state]`),
      ).toHaveText('applied, waiting for a cold boot');
    await page.goto(`/findings?rule=${RULE}&state=resolved&target=${booted[0]!.name}`);
    await expect(page.getByTestId('findings-count')).toHaveText('1 total');
  });
});

test.describe('A viewer', () => {
  test.use({ storageState: stateFile('viewer') });

  test('gets no checkboxes or Apply, and 403 from the bulk API', async ({ page }) => {
    await page.goto(`/findings?rule=${RULE}`);
    await expect(page.getByRole('heading', { name: /findings/i }).first()).toBeVisible();
    await expect(page.getByTestId('bulk-apply')).toHaveCount(0);
    const f = await findingOf(guests[2]!.name);
    const res = await page.request.post('/api/v1/findings/apply', {
      data: { findingIds: [f!.id], dryRun: true },
    });
    expect(res.status()).toBe(403);
  });
});
