import path from 'node:path';
import type { Role } from '../../lib/auth/roles';

// Where global setup leaves signed-in browser states and tokens (read by playwright.config.ts and specs).

export const E2E_AUTH_DIR = path.resolve(process.env.E2E_AUTH_DIR ?? '.tmp/e2e/auth');

/** Playwright storage state (session cookie) of a signed-in user of that role. */
export function stateFile(role: Role): string {
  return path.join(E2E_AUTH_DIR, `state-${role}.json`);
}
