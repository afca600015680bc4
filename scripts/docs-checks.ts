// npm run docs:checks — writes docs/checks.md and the README's check table from the registry.
import fs from 'node:fs';
import path from 'node:path';
import { allChecks } from '../lib/checks';
import { renderChecksMd, replaceReadmeTable } from './check-docs/render';
import { formatMarkdown } from './check-docs/format';

const root = path.resolve(import.meta.dirname, '..');
const template = fs.readFileSync(path.join(root, 'scripts/check-docs/checks.template.md'), 'utf8');
const checksMd = await formatMarkdown(renderChecksMd(template, allChecks));
fs.writeFileSync(path.join(root, 'docs/checks.md'), checksMd);
const readmePath = path.join(root, 'README.md');
const readme = await formatMarkdown(replaceReadmeTable(fs.readFileSync(readmePath, 'utf8'), allChecks));
fs.writeFileSync(readmePath, readme);
console.log(`docs/checks.md and the README table: ${allChecks.length} checks`);
