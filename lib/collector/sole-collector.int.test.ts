// SQLite keeps one long-running collector: a second loop on the same file is refused with a message
// that names the running one and the way out; a dead predecessor on this machine is not in the way.
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { assertSoleCollector } from './sole-collector';

let t: TestDb;
const me = { id: 'here', site: null };
const NOW = new Date('2026-11-25T12:00:00Z');

beforeAll(async () => {
  t = await freshDb('ew-sole-');
});
afterAll(async () => {
  await t?.cleanup();
});

async function collectorRow(id: string, hostname: string, pid: number, secondsAgo: number) {
  const at = new Date(NOW.getTime() - secondsAgo * 1000);
  await t.db.collector.upsert({
    where: { id },
    create: { id, hostname, pid, startedAt: at, heartbeatAt: at },
    update: { hostname, pid, heartbeatAt: at },
  });
}

describe('assertSoleCollector (SQLite)', () => {
  it('refuses a second collector while another one reports, naming it and PostgreSQL', async () => {
    await collectorRow('rack-7', 'other-machine', 4242, 30);
    await expect(assertSoleCollector(t.db, me, 60_000, NOW)).rejects.toThrow(
      /another collector \("rack-7", pid 4242 on other-machine, last seen 30 s ago\) already polls this SQLite database.*DATABASE_URL=postgresql:\/\//,
    );
  });

  it('lets it start once the other one has been silent for three intervals', async () => {
    await collectorRow('rack-7', 'other-machine', 4242, 181);
    await expect(assertSoleCollector(t.db, me, 60_000, NOW)).resolves.toBeUndefined();
  });

  it('does not count a dead process of this machine (a crash, then a restart)', async () => {
    // PIDs wrap at pid_max; 2^22 + 1 is above Linux's largest, so no process has it.
    await collectorRow('here', os.hostname(), 4_194_305, 5);
    await expect(assertSoleCollector(t.db, me, 60_000, NOW)).resolves.toBeUndefined();
    await collectorRow('here', os.hostname(), process.ppid, 5);
    await expect(assertSoleCollector(t.db, me, 60_000, NOW)).rejects.toThrow(/already polls this SQLite/);
  });
});
