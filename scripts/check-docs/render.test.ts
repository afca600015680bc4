import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../lib/checks';
import { formatMarkdown } from './format';
import { renderChecksMd, renderReadmeTable, replaceReadmeTable, TEMPLATE_SLOT } from './render';

const root = path.resolve(import.meta.dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

describe('generated check docs', () => {
  it('docs/checks.md is what npm run docs:checks writes (run it after changing a check)', async () => {
    const fresh = await formatMarkdown(
      renderChecksMd(read('scripts/check-docs/checks.template.md'), allChecks),
    );
    expect(read('docs/checks.md')).toBe(fresh);
  });

  it('the README check table is what npm run docs:checks writes', async () => {
    const readme = read('README.md');
    expect(readme).toBe(await formatMarkdown(replaceReadmeTable(readme, allChecks)));
  });

  it('has a section per check with its reason and source, and a README line linking to it', () => {
    const md = renderChecksMd(TEMPLATE_SLOT, allChecks);
    const table = renderReadmeTable(allChecks);
    for (const c of allChecks) {
      expect(md).toContain(`### ${c.id}\n`);
      expect(md).toContain(c.reason);
      expect(md).toContain(c.source);
      expect(table).toContain(`](docs/checks.md#${c.id})`);
    }
  });

  it('says what to fix when the template or the README lost their markers', () => {
    expect(() => renderChecksMd('# Checks', allChecks)).toThrow(/must contain the line <!-- checks -->/);
    expect(() => replaceReadmeTable('# README', allChecks)).toThrow(/README.md needs the lines/);
  });
});
