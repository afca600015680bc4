// freshDb hands out the store the run asks for: a SQLite file in the integration project, a database
// of its own on the shared cluster in integration-pg, and cleanup() leaves nothing behind.
import fs from 'node:fs';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { providerOf } from '../../lib/db/providers/dialect';
import { freshDb, testStore } from './test-db';

describe('freshDb', () => {
  it('gives each caller its own migrated database of the run store and removes it on cleanup', async () => {
    const [one, two] = [await freshDb('ew-testdb-'), await freshDb('ew-testdb-')];
    expect(one.url).not.toBe(two.url);
    expect(one.store).toBe(testStore());
    expect(providerOf(one.db)).toBe(testStore());
    await one.db.target.create({ data: { name: 'only-in-one', kind: 'host' } });
    expect(await two.db.target.count()).toBe(0);
    await one.cleanup();
    await two.cleanup();
    expect(fs.existsSync(one.dir)).toBe(false);
    if (testStore() === 'postgresql') {
      const client = new pg.Client({ connectionString: inject('ewPostgresAdminUrl') });
      await client.connect();
      try {
        const names = [one.url, two.url].map((u) => new URL(u).pathname.slice(1));
        const left = await client.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [names]);
        expect(left.rows).toEqual([]);
      } finally {
        await client.end();
      }
    }
  });
});
