// A discovered member (docs/inventory.md, discover: true) on the pages. The collector side is tested
// against the lab in lib/collector/discovery.int.test.ts; here the member is the row that collector
// writes for a domain of the host that no inventory guest claims, removed again after the test.
import { getDb } from '../lib/db/client';
import { discoveredName } from '../lib/collector/discover';
import { E2E_DB_FILE } from './support/paths';
import { expect, test } from './support/fixtures';
import { E2E_TARGETS as T } from './support/targets';

const db = () => getDb(`file:${E2E_DB_FILE}`);

test('a discovered domain is listed under its host as host view only, and its pages open', async ({
  page,
}) => {
  const host = await db().target.findUniqueOrThrow({
    where: { name: T.host },
    include: { observation: true, guests: { select: { domain: true, name: true } } },
  });
  const domains = (JSON.parse(host.observation?.data ?? '{}') as { host?: { domains?: { name: string }[] } })
    .host?.domains;
  const claimed = new Set(host.guests.map((g) => g.domain ?? g.name));
  const domain = domains?.map((d) => d.name).find((n) => !claimed.has(n));
  if (!domain) throw new Error(`the e2e lab's ${T.host} has no domain that no guest claims`);
  const name = discoveredName(T.host, domain);
  await db().target.create({
    data: { name, kind: 'guest', hostId: host.id, domain, discovered: true },
  });
  try {
    await page.goto('/');
    const row = page.locator(`tr[data-target="${name}"]`);
    await expect(row).toContainText('host view only');
    await expect(row).toHaveAttribute('data-platform', 'libvirt');
    // Listed in its host's group.
    const group = page.locator('tbody', { has: page.locator(`tr[data-target="${T.host}"]`) });
    await expect(group.locator(`tr[data-target="${name}"]`)).toHaveCount(1);

    await page.goto(`/hosts/${T.host}`);
    const domainRow = page.getByTestId('domains-table').locator(`tr[data-domain="${domain}"]`);
    await expect(domainRow.getByRole('link', { name })).toBeVisible();
    await expect(domainRow.getByTestId('host-view-only')).toBeVisible();

    await domainRow.getByRole('link', { name }).click();
    await expect(page).toHaveURL(new RegExp(`/guests/${encodeURIComponent(name)}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  } finally {
    await db().target.delete({ where: { name } });
  }
});
