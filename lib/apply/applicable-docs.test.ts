// docs/apply.md says which rules can be applied; this keeps it true. Every check with a triggering
// fixture (test/support/check-fixtures.ts) is remediated, and the rules whose fix declares an apply plan
// (host: `apply`, inside the target: `guestApply`) must be exactly the ones the two tables list.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAIN, triggeredRemediation, triggeringContexts } from '../../test/support/check-fixtures';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'apply.md'), 'utf8');

/** The `rule-id`s in the first column of the first table after `heading`. */
function tableRules(heading: string): Set<string> {
  const at = doc.indexOf(heading);
  if (at < 0) throw new Error(`docs/apply.md lacks "${heading}"`);
  const lines = doc.slice(at).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > first && !l.startsWith('|'));
  // The header row and the |---| row are not rules.
  const firstTable = lines.slice(first + 2, end);
  const ids = new Set<string>();
  for (const row of firstTable)
    for (const m of row.split('|')[1]!.matchAll(/`([a-z0-9-]+)`/g)) ids.add(m[1]!);
  return ids;
}

describe('docs/apply.md lists the rules that can be applied', () => {
  const covered = Object.keys(triggeringContexts(PLAIN));
  const plans = covered.map((id) => ({ id, r: triggeredRemediation(id, PLAIN) }));

  it('domain changes on the host', () => {
    const documented = tableRules('## What can be applied');
    const declared = plans.filter((p) => p.r.apply).map((p) => p.id);
    expect(declared.sort()).toEqual([...documented].filter((id) => covered.includes(id)).sort());
  });

  it('commands inside the target', () => {
    const documented = tableRules('## Inside the guest');
    const declared = plans.filter((p) => p.r.guestApply).map((p) => p.id);
    expect(declared.sort()).toEqual([...documented].sort());
  });

  it('never host-key or clone findings', () => {
    for (const { id, r } of plans)
      if (/^(host-key|clone)-/.test(id)) expect(r.apply ?? r.guestApply, id).toBeUndefined();
  });
});
