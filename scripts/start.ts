// npm start: validate the environment, migrate the database, build the dashboard if needed, then
// run the Next.js server and the collector side by side. `npm run dev` does the same with `next dev`.
import { installConsoleHygiene } from '../lib/text/console-hygiene';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector } from '../lib/collector/service';
import { boot } from '../lib/config/boot';
import { closeDb, getDb } from '../lib/db/client';
import { describeInventory, loadInventoryOrExit } from './inventory-or-exit';

installConsoleHygiene(); // every line printed escapes control characters (lib/text)

const dev = process.argv.includes('--dev');
const configArg = argValue('--config');
const inventory = loadInventoryOrExit(configArg);
const env = await boot();
console.log(describeInventory(inventory));
const nextBin = path.join('node_modules', 'next', 'dist', 'bin', 'next');
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  DATABASE_URL: env.databaseUrl,
};
if (configArg) childEnv.ENTROPY_WATCH_CONFIG = path.resolve(configArg);

if (!dev && needsBuild()) {
  console.log('building the dashboard (first start or changed sources)…');
  const b = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: childEnv });
  if (b.status !== 0) {
    console.error('entropy-watch: `next build` failed; see the output above');
    process.exit(b.status ?? 1);
  }
}

const web = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', String(env.port)], {
  stdio: 'inherit',
  env: childEnv,
});
console.log(`dashboard: http://localhost:${env.port}`);

const db = getDb(env.databaseUrl);
const collector = await startCollector({
  db,
  inventory,
  publicUrl: env.publicUrl,
  loop: true,
  databaseFile: env.databaseUrl.startsWith('file:') ? env.databasePath : null,
});

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  web.kill('SIGTERM');
  await collector.stop();
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
    ['package-lock.json', 'next.config.js'].some((f) => fs.statSync(f).mtimeMs > built)
  );
}
