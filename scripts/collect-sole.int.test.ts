// Two `npm run collect` loops on one SQLite file: the second stops at once with one line that names
// the running collector and the way to run several (PostgreSQL). The first is not disturbed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-sole-cli-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'sole.db')}` };
delete env.ENTROPY_WATCH_CONFIG;
const first = spawn(process.execPath, ['--import', 'tsx', 'scripts/collect.ts'], { env, stdio: 'ignore' });

afterAll(async () => {
  if (first.exitCode === null) {
    first.kill('SIGTERM');
    await new Promise((r) => first.once('exit', r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a second collector loop on SQLite', () => {
  it('is refused with a message naming the running one and PostgreSQL', async () => {
    // Wait until the first collector has announced itself.
    const file = path.join(dir, 'sole.db');
    for (let i = 0; i < 240; i++) {
      if (fs.existsSync(file)) {
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          const row = db.prepare('SELECT pid FROM "Collector"').get() as { pid: number } | undefined;
          if (row?.pid === first.pid) break;
        } catch {
          // not migrated yet
        } finally {
          db.close();
        }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const second = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/collect.ts'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `^entropy-watch: another collector \\("${os.hostname()}", pid ${first.pid} on ${os.hostname()}, last seen \\d+ s ago\\) already polls this SQLite database, and SQLite supports one collector: stop that one, or move to PostgreSQL`,
        'm',
      ),
    );
    expect(first.exitCode).toBeNull();
  }, 120_000);
});
