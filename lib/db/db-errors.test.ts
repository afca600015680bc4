import { describe, expect, it } from 'vitest';
import { describeDbError } from './db-errors';
import { clearDbFault, currentDbFault, reportDbFault } from './fault-log';

describe('describeDbError', () => {
  it('names SQLite busy (which Prisma reports as a timeout) as a lock held by another process', () => {
    for (const e of [
      Object.assign(new Error('Operation has timed out'), { code: 'P1008' }),
      new Error('SqliteError: database is locked'),
      new Error('(WASM_ERROR): unknown variant `SocketTimeout`'),
    ]) {
      const f = describeDbError(e);
      expect(f.kind).toBe('locked');
      expect(f.message).toMatch(/^database is locked by another process/);
    }
  });

  it('names SQLITE_FULL and ENOSPC as a full disk; a plain I/O error only with no space left', () => {
    expect(describeDbError(new Error('database or disk is full')).kind).toBe('disk-full');
    expect(describeDbError(Object.assign(new Error('write failed'), { code: 'ENOSPC' })).message).toMatch(
      /^disk full: /,
    );
    // This machine's /tmp has space: an I/O error there is not taken for a full disk.
    expect(describeDbError(new Error('disk I/O error'), '/tmp/x.db').kind).toBe('other');
    expect(describeDbError(new Error('no such table: Target\nmore')).message).toBe('no such table: Target');
  });
});

describe('reportDbFault', () => {
  it('logs a fault once per episode and says once that it cleared', () => {
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    for (let i = 0; i < 5; i++)
      reportDbFault(new Error('database or disk is full'), log, 'collector: cycle failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^collector: cycle failed: disk full: /);
    expect(currentDbFault()).toBe('disk-full');
    clearDbFault(log);
    clearDbFault(log);
    expect(lines.slice(1)).toEqual(['database: disk space available again; writing resumed']);
    reportDbFault(new Error('boom'), log, 'job x failed');
    reportDbFault(new Error('boom'), log, 'job x failed');
    expect(lines.slice(2)).toEqual(['job x failed: boom', 'job x failed: boom']);
  });
});
