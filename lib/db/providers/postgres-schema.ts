// One data model, two providers: prisma/schema.prisma is the source of truth (provider "sqlite");
// the PostgreSQL variant is derived from it by swapping the datasource provider and the client's
// output folder, so the two can never differ in a model or a field. Pure.

/** Where the PostgreSQL client is generated (next to the SQLite one in lib/db/generated). */
export const POSTGRES_CLIENT_DIR = 'generated-postgresql';

// The one deliberate difference: on PostgreSQL, Sample is partitioned by time (migration
// *_partition_samples), and PostgreSQL requires a partitioned table's primary key to include the
// partition key, so Sample's key is (id, at) there. SQLite cannot combine autoincrement with a
// compound key, so it keeps id alone. No code looks a sample up by its key.
const SAMPLE_ID = /(model Sample \{\n\s*id\s+Int\s+)@id (@default\(autoincrement\(\)\))/;
const SAMPLE_END = /(model Sample \{[^}]*?)(\n\s*@@index\(\[targetId, at\]\))/;

/** The PostgreSQL variant of schema.prisma's text; throws if the text is not shaped as expected. */
export function toPostgresSchema(sqliteSchema: string): string {
  if (!SAMPLE_ID.test(sqliteSchema) || !SAMPLE_END.test(sqliteSchema)) {
    throw new Error(
      'schema.prisma: model Sample must start with `id Int @id @default(autoincrement())` and keep @@index([targetId, at]) (PostgreSQL partitions it by `at`; see lib/db/providers/postgres-schema.ts)',
    );
  }
  const provider = /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/;
  const output = /(generator\s+client\s*\{[^}]*?output\s*=\s*)"\.\.\/lib\/db\/generated"/;
  if (!provider.test(sqliteSchema))
    throw new Error('schema.prisma: datasource db must say provider = "sqlite"');
  if (!output.test(sqliteSchema)) {
    throw new Error('schema.prisma: generator client must say output = "../lib/db/generated"');
  }
  return (
    '// GENERATED from prisma/schema.prisma by lib/db/providers/postgres-schema.ts: edit that file instead.\n' +
    sqliteSchema
      .replace(provider, '$1"postgresql"')
      .replace(output, `$1"../../lib/db/${POSTGRES_CLIENT_DIR}"`)
      .replace(SAMPLE_ID, '$1$2')
      .replace(SAMPLE_END, '$1\n  @@id([id, at])$2')
  );
}
