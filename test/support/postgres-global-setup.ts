// vitest globalSetup of the integration-pg project: one PostgreSQL cluster for the whole run, started
// before the first file and stopped after the last. Each test file gets its own database on it
// (freshDb in test/support/test-db.ts), so files share the server, never data.
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgresql:// URL of the shared cluster's maintenance database, '' when the run uses SQLite */
    ewPostgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('ewPostgresAdminUrl', server.adminUrl);
  return () => server.stop();
}
