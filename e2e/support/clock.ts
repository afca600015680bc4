// The e2e suite's frozen "now". The lab's history is collected up to this instant (global setup), and the
// server under test judges freshness, "5 min ago" and chart ranges at this instant too
// (ENTROPY_WATCH_TEST_NOW, test-only: lib/config/clock.ts). So a spec sees the same fleet whether it runs
// one second or twenty minutes after setup, on a fast machine or a loaded one.
//
// playwright.config.ts is evaluated in the runner and again in every worker; the first evaluation puts
// the time in the environment, which the workers and global setup inherit, so all agree on one value.
process.env.E2E_NOW ??= new Date().toISOString();

/** The instant the e2e data was collected up to, and the server's "now". */
export const E2E_NOW = new Date(process.env.E2E_NOW);

/** What the server under test needs to use E2E_NOW as its clock. */
export const E2E_CLOCK_ENV = {
  ENTROPY_WATCH_TEST_MODE: '1',
  ENTROPY_WATCH_TEST_NOW: E2E_NOW.toISOString(),
};
