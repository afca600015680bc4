// npm run users -- add NAME --role admin|operator|viewer   (password: stdin when piped, else a prompt)
//                  list | remove NAME | set-password NAME | set-role NAME --role ROLE
// Exit 0 on success; 2 with one line on stderr for a bad argument or a refused change.
import { parseArgs } from 'node:util';
import { recordAudit } from '../lib/auth/audit';
import { readPassword, UsageError } from '../lib/auth/cli-input';
import { formatColumns } from '../lib/auth/columns';
import { isRole, type Role } from '../lib/auth/roles';
import { addUser, listUsers, removeUser, setPassword, setRole, UserError } from '../lib/auth/users';
import { EnvError, loadEnv } from '../lib/config/env';
import { migrateDatabase } from '../lib/db/migrate';
import { closeDb, getDb } from '../lib/db/client';
import { installConsoleHygiene } from '../lib/text/console-hygiene';

installConsoleHygiene();

const USAGE =
  'usage: npm run users -- add NAME --role admin|operator|viewer | list | remove NAME | set-password NAME | set-role NAME --role ROLE';

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { role: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message.split('\n')[0] : String(e)}; ${USAGE}`);
  }
  const [command, name, ...extra] = parsed.positionals;
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"; ${USAGE}`);
  return { command, name, role: parsed.values.role };
}

function needRole(role: string | undefined): Role {
  if (role === undefined) throw new UsageError('--role is required: admin, operator or viewer');
  if (!isRole(role)) throw new UsageError(`--role must be admin, operator or viewer, got "${role}"`);
  return role;
}

function needName(name: string | undefined, command: string): string {
  if (!name) throw new UsageError(`${command} needs a user name; ${USAGE}`);
  return name;
}

async function main(argv: string[]): Promise<void> {
  const { command, name, role } = parse(argv);
  if (!command) throw new UsageError(USAGE);
  if (!['add', 'list', 'remove', 'set-password', 'set-role'].includes(command)) {
    throw new UsageError(`unknown command "${command}"; ${USAGE}`);
  }
  if (role !== undefined && command !== 'add' && command !== 'set-role') {
    throw new UsageError(`--role only applies to add and set-role`);
  }
  // Arguments are checked before anything touches the database or asks for a password.
  const roleValue = command === 'add' || command === 'set-role' ? needRole(role) : undefined;
  const target = command === 'list' ? undefined : needName(name, command);
  if (command === 'list' && name) throw new UsageError(`list takes no user name; ${USAGE}`);

  const env = loadEnv();
  await migrateDatabase(env.databaseUrl);
  const db = getDb(env.databaseUrl);
  const audit = (
    action: 'user.add' | 'user.remove' | 'user.password' | 'user.role',
    subject: string,
    detail?: string,
  ) =>
    recordAudit(db, {
      action,
      actor: process.env.USER ?? null,
      via: 'cli',
      address: 'local',
      subject,
      detail: detail ?? null,
    });
  switch (command) {
    case 'list':
      for (const line of formatColumns([
        ['NAME', 'ROLE', 'SIGN-IN', 'CREATED'],
        ...(await listUsers(db)).map((u) => [
          u.username,
          u.role,
          u.hasPassword ? 'password' : 'proxy-only',
          u.createdAt.toISOString(),
        ]),
      ])) {
        console.log(line);
      }
      return;
    case 'add': {
      const password = await readPassword(`password for ${target}: `, true);
      const u = await addUser(db, target!, roleValue!, password);
      await audit('user.add', u.username, `role ${u.role}`);
      console.error(`added ${u.username} (${u.role})`);
      return;
    }
    case 'remove':
      await audit('user.remove', await removeUser(db, target!));
      console.error(`removed ${target}`);
      return;
    case 'set-password': {
      const password = await readPassword(`new password for ${target}: `, true);
      await audit('user.password', await setPassword(db, target!, password), 'sessions ended');
      console.error(`password of ${target} changed; their sessions are ended`);
      return;
    }
    case 'set-role':
      await audit('user.role', await setRole(db, target!, roleValue!), `role ${roleValue}`);
      console.error(`${target} is now ${roleValue}`);
  }
}

try {
  await main(process.argv.slice(2));
  await closeDb();
} catch (e) {
  if (e instanceof UsageError || e instanceof UserError || e instanceof EnvError) {
    console.error(`entropy-watch users: ${e.message}`);
    await closeDb();
    process.exit(2);
  }
  throw e;
}
