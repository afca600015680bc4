// The app's notion of "now" for everything it judges or draws against the clock: freshness, "5 min ago",
// chart ranges, collector lag. Normally the wall clock. The e2e suite freezes it at the moment its data
// was collected, so a spec that runs eight minutes later on a slow machine sees the same fleet
// (docs/status.md, "Testing against a fixed clock").
//
// ENTROPY_WATCH_TEST_NOW is TEST-ONLY. It is honoured only together with ENTROPY_WATCH_TEST_MODE=1, so a
// stray variable in a real deployment cannot freeze the dashboard: with the first and not the second,
// every page and API call fails with an error naming the variable (loud beats a silently wrong "now").
// NODE_ENV cannot be the guard: the e2e suite runs the production build (`next start`).

/** Thrown when the test clock is set wrongly; its message names the variable and the fix. */
export class TestClockError extends Error {
  override name = 'TestClockError';
}

export const TEST_NOW_VAR = 'ENTROPY_WATCH_TEST_NOW';
export const TEST_MODE_VAR = 'ENTROPY_WATCH_TEST_MODE';

let memo: { raw: string; at: Date } | undefined;

/** The fixed test time when the test clock is on, null for the wall clock; throws TestClockError when misused. */
export function testClock(env: Record<string, string | undefined> = process.env): Date | null {
  const raw = env[TEST_NOW_VAR];
  if (raw === undefined || raw === '') return null;
  if (env[TEST_MODE_VAR] !== '1') {
    throw new TestClockError(
      `${TEST_NOW_VAR} is a test-only setting that freezes the clock; it is refused without ${TEST_MODE_VAR}=1. ` +
        `Unset ${TEST_NOW_VAR} (a real deployment never sets it).`,
    );
  }
  if (memo?.raw === raw) return memo.at;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms)) {
    throw new TestClockError(
      `${TEST_NOW_VAR}=${JSON.stringify(raw)} must be an ISO 8601 time like 2026-11-21T12:00:00Z`,
    );
  }
  memo = { raw, at: new Date(ms) };
  return memo.at;
}

/** "Now" for reading and judging data: the wall clock, or the frozen test time (see above). */
export function appNow(env: Record<string, string | undefined> = process.env): Date {
  const fixed = testClock(env);
  return fixed ? new Date(fixed.getTime()) : new Date();
}
