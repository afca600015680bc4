import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toPostgresSchema } from './postgres-schema';

const SAMPLE = /model Sample \{[^}]*\}/;

describe('toPostgresSchema', () => {
  const schema = fs.readFileSync('prisma/schema.prisma', 'utf8');

  it('changes only the provider, the client output and the key of the partitioned Sample table', () => {
    const pg = toPostgresSchema(schema);
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output       = "../../lib/db/generated-postgresql"');
    expect(pg).not.toContain('"sqlite"');
    const sample = SAMPLE.exec(pg)![0];
    expect(sample).toMatch(/\n {2}id +Int +@default\(autoincrement\(\)\)\n/);
    expect(sample).toContain('@@id([id, at])');
    const rest = (text: string) =>
      text
        .replace(SAMPLE, '')
        .split('\n')
        .filter((l) => !/provider|output|^\/\/ GENERATED/.test(l));
    expect(rest(pg)).toEqual(rest(schema));
  });

  it('refuses a schema whose provider, output or Sample key it cannot find', () => {
    expect(() => toPostgresSchema(schema.replace('"sqlite"', '"mysql"'))).toThrow(/provider = "sqlite"/);
    expect(() => toPostgresSchema(schema.replace('../lib/db/generated', '../gen'))).toThrow(/output/);
    expect(() => toPostgresSchema(schema.replace(/(model Sample \{\n\s*id\s+Int\s+)@id /, '$1'))).toThrow(
      /model Sample must start with/,
    );
  });
});
