// npm start: validate the environment, migrate the database, build the dashboard if needed, then
// run the Next.js server and the collector side by side. `npm run dev` does the same with `next dev`.
// --web-only: no collector (web replicas on one PostgreSQL; collectors run as `npm run collect`).
// --collector-id ID / --site SITE: name this process's collector (several on PostgreSQL, docs/scaling.md).
import { installConsoleHygiene } from '../lib/text/console-hygiene';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector } from '../lib/collector/service';
import { createSetupToken, clearSetupToken } from '../lib/auth/setup-token';
import { hasAnyUser } from '../lib/auth/users';
import { AuthConfigError, loadAuthProxyConfig } from '../lib/auth/proxy-config';
import { bindWarning, dashboardUrl, parseHost } from '../lib/config/bind';
import { boot } from '../lib/config/boot';
import { closeDb, getDb } from '../lib/db/client';
import { describeInventory, loadInventoryOrExit } from './inventory-or-exit';

installConsoleHygiene(); // every line printed escapes control characters (lib/text)

const dev = process.argv.includes('--dev');
const configArg = argValue('--config');
const inventory = loadInventoryOrExit(configArg);
const env = await boot();
const bind = parseHost(process.env.HOST);
if (!bind.ok) {
  console.error(`entropy-watch: ${bind.error}`);
  process.exit(1);
}
try {
  loadAuthProxyConfig();
} catch (e) {
  if (!(e instanceof AuthConfigError)) throw e;
  console.error(`entropy-watch: ${e.message}`);
  process.exit(1);
}
console.log(describeInventory(inventory));
const nextBin = path.join('node_modules', 'next', 'dist', 'bin', 'next');
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  DATABASE_URL: env.databaseUrl,
};
if (configArg) childEnv.ENTROPY_WATCH_CONFIG = path.resolve(configArg);

// --no-build: serve the existing build as it is (tests that start the server next to a fresh build).
if (!dev && !process.argv.includes('--no-build') && needsBuild()) {
  console.log('building the dashboard (first start or changed sources)…');
  const b = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: childEnv });
  if (b.status !== 0) {
    console.error('entropy-watch: `next build` failed; see the output above');
    process.exit(b.status ?? 1);
  }
}

// scripts/serve.ts: Next.js behind node:http, which records each request's real peer address.
const web = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', ...(dev ? ['--dev'] : [])], {
  stdio: 'inherit',
  env: { ...childEnv, HOST: bind.host, PORT: String(env.port) },
});
const warning = bindWarning(bind.host, process.env.ENTROPY_WATCH_PUBLIC_URL);
if (warning) console.warn(warning);

const db = getDb(env.databaseUrl);
if (await hasAnyUser(db)) {
  await clearSetupToken(db);
} else {
  // First start: a one-time link to create the first admin (a new one on every start until then).
  const base = process.env.ENTROPY_WATCH_PUBLIC_URL ? env.publicUrl : dashboardUrl(bind.host, env.port);
  const token = await createSetupToken(db);
  console.log(`first start: create the admin account at ${base}/setup?token=${token}`);
}
const webOnly = process.argv.includes('--web-only');
const collector = webOnly
  ? null
  : await startCollector({
      db,
      inventory,
      publicUrl: env.publicUrl,
      loop: true,
      databaseFile: env.databaseUrl.startsWith('file:') ? env.databasePath : null,
      identity: { id: argValue('--collector-id'), site: argValue('--site') ?? null },
    }).catch((e: unknown) => {
      // e.g. a second collector on one SQLite file: say why in one line instead of a stack.
      console.error(`entropy-watch: ${e instanceof Error ? e.message : String(e)}`);
      web.kill('SIGTERM');
      process.exit(1);
    });
if (webOnly) console.log('web only: no collector in this process');

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  web.kill('SIGTERM');
  await collector?.stop();
  await closeDb();
  process.exit(code);
}
web.on('exit', (code) => void shutdown(code ?? 1));
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A production build is needed when there is none or a source file is newer than it. */
function needsBuild(): boolean {
  const buildId = path.join('.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const newer = (dir: string): boolean =>
    fs.existsSync(dir) &&
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name !== 'generated' && newer(p);
      return fs.statSync(p).mtimeMs > built;
    });
  return (
    ['app', 'lib'].some(newer) ||
    ['package-lock.json', 'next.config.js', 'proxy.ts'].some((f) => fs.statSync(f).mtimeMs > built)
  );
}
