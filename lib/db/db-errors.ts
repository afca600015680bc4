import fs from 'node:fs';
import path from 'node:path';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-adapter';

/** What went wrong with the database, in words a person can act on. */
export type DbFault =
  | { kind: 'locked'; message: string }
  | { kind: 'disk-full'; message: string }
  | { kind: 'other'; message: string };

/** Below this many free bytes on the database's filesystem, a write failure is taken for a full disk. */
export const DISK_FULL_BELOW_BYTES = 1024 * 1024;

const LOCKED =
  /SQLITE_BUSY|database is locked|SocketTimeout|Operation has timed out|P1008|locking_mode=EXCLUSIVE/i;
const FULL = /SQLITE_FULL|database or disk is full|ENOSPC|no space left on device/i;
const IO = /disk I\/O error|SQLITE_IOERR/i;

/** Free bytes on the filesystem holding a SQLite file (its directory if the file does not exist); null if unknown. */
export function freeBytes(databaseFile: string): number | null {
  for (const p of [databaseFile, path.dirname(databaseFile)]) {
    try {
      const s = fs.statfsSync(p);
      return s.bavail * s.bsize;
    } catch {
      // try the directory, then give up
    }
  }
  return null;
}

function text(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  const cause = (e as { cause?: unknown }).cause;
  return [typeof code === 'string' ? code : '', e.message, cause instanceof Error ? cause.message : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * Names a database failure. SQLite's "busy" (which Prisma reports as a timeout) is another process
 * holding the lock; "disk full", or "disk I/O error" on a filesystem with no space left, is a full disk.
 * `databaseFile` (SQLite only) lets an I/O error be checked against the free space.
 */
export function describeDbError(e: unknown, databaseFile: string | null = null): DbFault {
  const t = text(e);
  const first = t.split('\n')[0]!;
  const free = databaseFile ? freeBytes(databaseFile) : null;
  if (FULL.test(t) || (IO.test(t) && free !== null && free < DISK_FULL_BELOW_BYTES)) {
    const where = databaseFile ? ` for ${databaseFile}` : '';
    const left = free === null ? '' : ` (${free} bytes free)`;
    return {
      kind: 'disk-full',
      message: `disk full: the filesystem${where} has no space left${left}; free some space (a running collector resumes by itself)`,
    };
  }
  if (LOCKED.test(t)) {
    return {
      kind: 'locked',
      message: `database is locked by another process (waited ${SQLITE_BUSY_TIMEOUT_MS / 1000} s for its write lock); it is retried next cycle — if this repeats, look for a process holding the database open in a long transaction`,
    };
  }
  return { kind: 'other', message: first };
}
