import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sudoCommandsFor, sudoersSnippet } from './sudoers';

const BEGIN = '<!-- sudoers:begin (generated: lib/apply/guest/sudoers.ts) -->';
const END = '<!-- sudoers:end -->';

describe('sudoers snippet', () => {
  it('docs/apply.md shows exactly the generated snippet', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'apply.md'), 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `docs/apply.md lacks the ${BEGIN} marker`).toBeGreaterThan(-1);
    const block = doc.slice(start + BEGIN.length, end).trim();
    expect(block).toBe(['```sudoers', sudoersSnippet().trimEnd(), '```'].join('\n'));
  });

  it('lists every command apply can run, by full path, and nothing for an unknown family', () => {
    expect(sudoCommandsFor('debian')).toContain('/usr/bin/apt-get install -y rng-tools5');
    expect(sudoCommandsFor('rhel')).toContain('/usr/bin/yum install -y rng-tools');
    expect(sudoCommandsFor('alpine')).toContain('/bin/chmod +x /etc/local.d/hwrng.start');
    expect(sudoCommandsFor('debian').every((c) => c.startsWith('/'))).toBe(true);
  });
});
