import { describeDbError, type DbFault } from './db-errors';

/**
 * One log line per database fault episode, not one per failed write: a full disk makes every cycle, every
 * delivery attempt and every job fail, and logging each would flood the log of a machine already out of
 * space. `fail` logs a fault the first time it is seen (or when it changes kind); `ok` logs once that it
 * cleared. Shared by everything in the process that writes (module state, one per process).
 */
interface State {
  current: DbFault['kind'] | null;
}
const state: State = { current: null };

/** Reports a failure; logs it unless the same kind of fault was already reported. Returns the description. */
export function reportDbFault(
  e: unknown,
  log: (line: string) => void,
  context: string,
  databaseFile: string | null = null,
): DbFault {
  const fault = describeDbError(e, databaseFile);
  if (fault.kind === 'other') {
    log(`${context}: ${fault.message}`);
    return fault;
  }
  if (state.current !== fault.kind) {
    state.current = fault.kind;
    log(`${context}: ${fault.message}`);
  }
  return fault;
}

/** A write went through: if a fault was reported, says once that it cleared. */
export function clearDbFault(log: (line: string) => void): void {
  if (state.current === null) return;
  const was = state.current;
  state.current = null;
  log(
    was === 'disk-full'
      ? 'database: disk space available again; writing resumed'
      : 'database: lock available again',
  );
}

/** The fault this process last reported and has not seen cleared, if any. */
export function currentDbFault(): DbFault['kind'] | null {
  return state.current;
}
