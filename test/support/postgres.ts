// A throwaway PostgreSQL cluster from Debian's `postgresql` package: initdb in a temp directory,
// owned by the unprivileged `postgres` user when we run as root (postgres refuses to run as root),
// listening on 127.0.0.1 and a free port, fsync off. stop() shuts it down and deletes the directory.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reservePort } from './ports';

export interface TestPostgres {
  port: number;
  /** postgresql:// URL of the `postgres` maintenance database */
  adminUrl: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The newest /usr/lib/postgresql/<major>/bin, where initdb and pg_ctl live (not on PATH). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((d) => fs.existsSync(path.join(root, d, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!majors[0]) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install -y --no-install-recommends postgresql',
    );
  }
  return path.join(root, majors[0], 'bin');
}

const USER = 'ew';

/** Starts a fresh cluster; the caller must stop() it. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // As root, hand the directory to the `postgres` system user the package created and run as it.
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(file, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) execFileSync('chown', ['postgres:', dir]);
  fs.chmodSync(dir, 0o700);
  run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', USER, '-E', 'UTF8', '--no-sync']);
  const log = path.join(dir, 'server.log');
  // The port is free when reserved but may be taken before postgres binds it (a crowded machine):
  // then try another one.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await reservePort();
    const opts = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=100',
    ].join(' ');
    fs.rmSync(log, { force: true });
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-o', opts, '-w', 'start']);
      break;
    } catch (e) {
      const said = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
      if (attempt < 5 && /Address already in use/.test(said)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`${(e as Error).message}\n${said.slice(-2000)}`);
    }
  }
  const adminUrl = `postgresql://${USER}@127.0.0.1:${port}/postgres`;
  stopWithProcess(process.pid, asRoot, path.join(bin, 'pg_ctl'), data, dir);
  let stopped = false;
  return {
    port,
    adminUrl,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgresql://${USER}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The cluster must not outlive the process that started it, even when that process is killed with
 * SIGKILL or never sees its signal (`npm run` passes SIGTERM to its shell, which dies without passing
 * it on): a detached shell waits for `pid` to exit, then stops the cluster and deletes its directory.
 * After a clean stop() it finds nothing to stop.
 */
function stopWithProcess(pid: number, asRoot: boolean, pgCtl: string, data: string, dir: string): void {
  const stop = `${asRoot ? 'runuser -u postgres -- ' : ''}"${pgCtl}" -D "${data}" -m immediate stop`;
  const script = `while kill -0 ${pid} 2>/dev/null; do sleep 1; done; [ -d "${data}" ] && ${stop}; rm -rf "${dir}"`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
}
