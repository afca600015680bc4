import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { redactUrl, type DatabaseProvider } from '../db/providers/provider';

/** Thrown when the environment is unusable; its message is one line naming the variable and the fix. */
export class EnvError extends Error {
  override name = 'EnvError';
}

const DEFAULT_DATABASE_URL = 'file:./data/entropy-watch.db';

/** Resolves a `file:` DATABASE_URL to an absolute path, creating its directory; throws EnvError otherwise. */
export function resolveDatabasePath(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  if (!url.startsWith('file:')) {
    throw new EnvError(
      `DATABASE_URL must be a SQLite file URL like "file:./data/entropy-watch.db" or a PostgreSQL URL like "postgresql://user:password@host:5432/entropy_watch", got "${redactUrl(url)}"`,
    );
  }
  const raw =
    url
      .slice('file:'.length)
      .replace(/^\/\/(?=\/)/, '')
      .split('?')[0] ?? '';
  if (raw === '' || raw === ':memory:') {
    throw new EnvError(
      `DATABASE_URL must name a database file (e.g. file:./data/entropy-watch.db), got "${url}"`,
    );
  }
  const file = path.resolve(raw);
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    if (fs.existsSync(file)) {
      if (!fs.statSync(file).isFile()) throw new Error(`${file} is not a regular file`);
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    }
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^[A-Z]+: /, '') : String(e);
    throw new EnvError(
      `DATABASE_URL points to "${file}", which cannot be written (${why}); choose a writable path`,
    );
  }
  return file;
}

const envSchema = z.object({
  DATABASE_URL: z.string().optional(),
  PORT: z
    .string()
    .regex(/^\d+$/, 'must be a TCP port number')
    .transform(Number)
    .refine((n) => n > 0 && n < 65536, 'must be between 1 and 65535')
    .optional(),
  ENTROPY_WATCH_CONFIG: z.string().min(1, 'must be a path to an inventory YAML file').optional(),
  ENTROPY_WATCH_PUBLIC_URL: z
    .url('must be an absolute http(s) URL, e.g. https://entropy.example.com')
    .optional(),
});

export interface Env {
  databaseProvider: DatabaseProvider;
  /** the SQLite file's absolute path, or the PostgreSQL URL without its password (for messages) */
  databasePath: string;
  databaseUrl: string;
  port: number;
  configPath: string | undefined;
  publicUrl: string;
}

/** A PostgreSQL DATABASE_URL must name a host and a database; returns it unchanged. */
function checkPostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EnvError(
      `DATABASE_URL "${redactUrl(url)}" is not a valid URL; e.g. postgresql://user:password@host:5432/entropy_watch`,
    );
  }
  if (!parsed.hostname || parsed.pathname.replace(/^\//, '') === '') {
    throw new EnvError(
      `DATABASE_URL "${redactUrl(url)}" must name a host and a database, e.g. postgresql://user:password@host:5432/entropy_watch`,
    );
  }
  return url;
}

let cached: Env | undefined;

/** Validates the environment once; throws EnvError with a one-line message naming the variable. */
export function loadEnv(env: Record<string, string | undefined> = process.env): Env {
  if (cached && env === process.env) return cached;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new EnvError(`${name}=${JSON.stringify(env[name] ?? '')} ${issue.message}`);
  }
  const port = parsed.data.PORT ?? 3000;
  const rawUrl = parsed.data.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const postgres = /^postgres(ql)?:\/\//.test(rawUrl) ? checkPostgresUrl(rawUrl) : null;
  const databasePath = postgres ? redactUrl(postgres) : resolveDatabasePath(rawUrl);
  const result: Env = {
    databaseProvider: postgres ? 'postgresql' : 'sqlite',
    databasePath,
    databaseUrl: postgres ?? `file:${databasePath}`,
    port,
    configPath: parsed.data.ENTROPY_WATCH_CONFIG,
    publicUrl: (parsed.data.ENTROPY_WATCH_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
  };
  if (env === process.env) cached = result;
  return result;
}
