// npm run -s tokens -- create USER --scope read|operate [--name LABEL] [--expires 90d]
//                     list | revoke ID
// `create` prints the token alone on stdout (shown once; only its SHA-256 is kept). `npm run -s` keeps
// npm's own banner off stdout: TOKEN=$(npm run -s tokens -- create ci --scope read).
// Exit 0 on success; 2 with one line on stderr for a bad argument.
import { parseArgs } from 'node:util';
import { recordAudit } from '../lib/auth/audit';
import { UsageError } from '../lib/auth/cli-input';
import { formatColumns } from '../lib/auth/columns';
import { isTokenScope } from '../lib/auth/roles';
import { createToken, listTokens, parseExpiry, revokeToken, TokenError } from '../lib/auth/tokens';
import { normalizeUsername } from '../lib/auth/username';
import { EnvError, loadEnv } from '../lib/config/env';
import { migrateDatabase } from '../lib/db/migrate';
import { closeDb, getDb } from '../lib/db/client';
import { installConsoleHygiene } from '../lib/text/console-hygiene';

installConsoleHygiene();

const USAGE =
  'usage: npm run -s tokens -- create USER --scope read|operate [--name LABEL] [--expires 90d|never] | list | revoke ID';

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { scope: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message.split('\n')[0] : String(e)}; ${USAGE}`);
  }
  const [command, arg, ...extra] = parsed.positionals;
  const { scope, name, expires } = parsed.values;
  if (!command) throw new UsageError(USAGE);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"; ${USAGE}`);
  if (!['create', 'list', 'revoke'].includes(command))
    throw new UsageError(`unknown command "${command}"; ${USAGE}`);
  if (command !== 'create' && (scope ?? name ?? expires) !== undefined) {
    throw new UsageError('--scope, --name and --expires only apply to create');
  }
  if (command === 'list' && arg) throw new UsageError(`list takes no argument; ${USAGE}`);
  if (command === 'revoke' && !arg)
    throw new UsageError(`revoke needs a token id (see \`npm run tokens -- list\`)`);
  let username = '';
  let expiresAt: Date | null = null;
  const now = new Date();
  if (command === 'create') {
    if (!arg) throw new UsageError(`create needs a user name; ${USAGE}`);
    const n = normalizeUsername(arg);
    if (!n.ok) throw new UsageError(n.error);
    username = n.username;
    if (scope === undefined) throw new UsageError('--scope is required: read or operate');
    if (!isTokenScope(scope)) throw new UsageError(`--scope must be read or operate, got "${scope}"`);
    expiresAt = expires === undefined ? null : parseExpiry(expires, now);
  }

  const env = loadEnv();
  await migrateDatabase(env.databaseUrl);
  const db = getDb(env.databaseUrl);
  switch (command) {
    case 'create': {
      const user = await db.user.findUnique({ where: { username } });
      if (!user) throw new UsageError(`no user named ${username} (see \`npm run users -- list\`)`);
      const label = name ?? `cli ${now.toISOString().slice(0, 10)}`;
      const t = await createToken(db, {
        userId: user.id,
        scope: scope as 'read' | 'operate',
        name: label,
        expiresAt,
        now,
      });
      await recordAudit(db, {
        action: 'token.create',
        actor: process.env.USER ?? null,
        via: 'cli',
        address: 'local',
        subject: t.id,
        detail: `${username} ${scope} "${label}"${expiresAt ? ` until ${expiresAt.toISOString()}` : ''}`,
      });
      process.stdout.write(`${t.secret}\n`);
      console.error(`token ${t.id} for ${username} (${scope}); it is shown only this once`);
      return;
    }
    case 'list':
      for (const line of formatColumns([
        ['ID', 'USER', 'SCOPE', 'STATE', 'EXPIRES', 'LAST USED', 'NAME'],
        ...(await listTokens(db)).map((t) => [
          t.id,
          t.username,
          t.scope,
          t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active',
          t.expiresAt?.toISOString() ?? 'never',
          t.lastUsedAt?.toISOString() ?? '-',
          t.name,
        ]),
      ])) {
        console.log(line);
      }
      return;
    case 'revoke': {
      const t = await revokeToken(db, arg!);
      await recordAudit(db, {
        action: 'token.revoke',
        actor: process.env.USER ?? null,
        via: 'cli',
        address: 'local',
        subject: t.id,
        detail: `${t.username} "${t.name}"`,
      });
      console.error(`revoked ${t.id} (${t.username}, "${t.name}")`);
    }
  }
}

try {
  await main(process.argv.slice(2));
  await closeDb();
} catch (e) {
  if (e instanceof UsageError || e instanceof TokenError || e instanceof EnvError) {
    console.error(`entropy-watch tokens: ${e.message}`);
    await closeDb();
    process.exit(2);
  }
  throw e;
}
