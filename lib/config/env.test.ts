import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv, resolveDatabasePath } from './env';

describe('loadEnv', () => {
  it('defaults to ./data/entropy-watch.db on port 3000', () => {
    const env = loadEnv({});
    expect(env.databasePath).toBe(path.resolve('data/entropy-watch.db'));
    expect(env.port).toBe(3000);
    expect(env.publicUrl).toBe('http://localhost:3000');
  });

  it('rejects a DATABASE_URL that is neither a file nor a PostgreSQL URL, naming the variable', () => {
    expect(() => loadEnv({ DATABASE_URL: 'mysql://db/x' })).toThrow(EnvError);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://u:secret@db/x' })).toThrow(
      /^DATABASE_URL must be a SQLite file URL .* or a PostgreSQL URL .*, got "mysql:\/\/u:\*\*\*@db\/x"$/,
    );
  });

  it('accepts a PostgreSQL URL and never repeats its password', () => {
    const env = loadEnv({ DATABASE_URL: 'postgresql://ew:s3cret@db.example:5432/ew' });
    expect(env.databaseProvider).toBe('postgresql');
    expect(env.databaseUrl).toBe('postgresql://ew:s3cret@db.example:5432/ew');
    expect(env.databasePath).toBe('postgresql://ew:***@db.example:5432/ew');
    expect(() => loadEnv({ DATABASE_URL: 'postgres://ew:s3cret@db.example' })).toThrow(
      /must name a host and a database/,
    );
  });

  it('rejects an unwritable database path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-env-'));
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    expect(() => resolveDatabasePath(`file:${blocker}/x/db.sqlite`)).toThrow(
      /DATABASE_URL points to .* cannot be written/,
    );
    expect(() => resolveDatabasePath(`file:${dir}`)).toThrow(/is not a regular file/);
    fs.rmSync(dir, { recursive: true });
  });

  it('rejects a bad PORT with the variable name', () => {
    expect(() => loadEnv({ PORT: 'http' })).toThrow(/^PORT="http" must be a TCP port number/);
    expect(() => loadEnv({ PORT: '70000' })).toThrow(/^PORT="70000" must be between 1 and 65535/);
  });
});
