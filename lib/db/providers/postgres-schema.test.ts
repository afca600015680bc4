import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toPostgresSchema } from './postgres-schema';

describe('toPostgresSchema', () => {
  const schema = fs.readFileSync('prisma/schema.prisma', 'utf8');

  it('changes only the provider and the client output of schema.prisma', () => {
    const pg = toPostgresSchema(schema);
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output       = "../../lib/db/generated-postgresql"');
    expect(pg).not.toContain('"sqlite"');
    const models = (text: string) =>
      text.split('\n').filter((l) => !/provider|output|^\/\/ GENERATED/.test(l));
    expect(models(pg)).toEqual(models(schema));
  });

  it('refuses a schema whose provider or output it cannot find', () => {
    expect(() => toPostgresSchema(schema.replace('"sqlite"', '"mysql"'))).toThrow(/provider = "sqlite"/);
    expect(() => toPostgresSchema(schema.replace('../lib/db/generated', '../gen'))).toThrow(/output/);
  });
});
