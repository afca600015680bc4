import { describeDbError } from '../db/db-errors';
import { migrateDatabase } from '../db/migrate';
import { EnvError, loadEnv, type Env } from './env';

/** Validates the environment and migrates the database; on a bad environment prints one line and exits 1. */
export async function boot(log: (line: string) => void = console.log): Promise<Env> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(`entropy-watch: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  try {
    const { applied, resumed } = await migrateDatabase(env.databaseUrl);
    if (resumed)
      log(
        `database ${env.databasePath}: ${resumed.join(', ')} had been interrupted (a process stopped while applying it; ` +
          'its transaction was rolled back): applied again',
      );
    log(
      applied.length > 0
        ? `database ${env.databasePath}: applied ${applied.length} migration(s): ${applied.join(', ')}`
        : `database ${env.databasePath}: up to date`,
    );
  } catch (e) {
    // A full disk or another process's lock says so in words, not as "disk I/O error" or a timeout.
    const file = env.databaseUrl.startsWith('file:') ? env.databasePath : null;
    const why = describeDbError(e, file).message;
    console.error(`entropy-watch: cannot migrate the database at ${env.databasePath} (DATABASE_URL): ${why}`);
    process.exit(1);
  }
  return env;
}
