import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  HOSTILE,
  PLAIN,
  TOKENS,
  triggeredRemediation as remediationFor,
  triggeringContexts,
  type Names,
} from '../../test/support/check-fixtures';
import { splitShell } from '../../test/support/shell-words';
import { allChecks } from './index';

/** Replaces every token by its hostile value, word by word. */
function substitute(words: string[]): string[] {
  return words.map((w) =>
    (Object.keys(TOKENS) as (keyof Names)[]).reduce((acc, k) => acc.split(TOKENS[k]).join(HOSTILE[k]), w),
  );
}

describe('remediations', () => {
  // Every check fires in the lab scenario (test/lab/scenarios.test.ts), which runs its remediation
  // too; the checks with a hand-written context here also get the hostile-name quoting tests.
  const withFixture = allChecks.filter((c) => c.id in triggeringContexts(PLAIN));
  it('covers most checks with hostile names', () => {
    expect(withFixture.length).toBeGreaterThanOrEqual(19);
  });

  for (const rule of withFixture) {
    describe(rule.id, () => {
      it('gives a summary, the reason with its source, and at least one step', () => {
        const r = remediationFor(rule.id, PLAIN);
        expect(r.summary.length).toBeGreaterThan(10);
        expect(r.summary).not.toContain('\n');
        expect(r.reason).toContain(rule.reason);
        expect(r.reason).toContain(`Source: ${rule.source}`);
        expect(r.steps.length).toBeGreaterThan(0);
        expect(typeof r.restartRequired).toBe('boolean');
        for (const step of r.steps) expect(step.description.length).toBeGreaterThan(5);
      });

      it('quotes every hostile value into exactly the word a plain value occupies', () => {
        const plain = remediationFor(rule.id, TOKENS);
        const hostile = remediationFor(rule.id, HOSTILE);
        expect(hostile.steps).toHaveLength(plain.steps.length);
        hostile.steps.forEach((step, i) => {
          const expected = plain.steps[i]!;
          expect(step.command === undefined).toBe(expected.command === undefined);
          if (step.command === undefined || expected.command === undefined) return;
          const got = splitShell(step.command);
          const want = splitShell(expected.command);
          expect(got.commands).toEqual(want.commands.map(substitute));
          expect(got.expands).toBe(want.expands);
        });
      });

      it('escapes every value it puts into XML', () => {
        for (const step of remediationFor(rule.id, HOSTILE).steps) {
          if (step.xml === undefined) continue;
          expect(XMLValidator.validate(step.xml)).toBe(true);
          expect(step.xml).not.toContain('<img');
          expect(step.xml).not.toContain('<x>');
        }
      });
    });
  }
});

describe('hostile values round-trip through XML attributes', () => {
  it('keeps a hostile driver type exact in the corrected <driver/> line', () => {
    const r = remediationFor('disk-cache-unsafe', HOSTILE);
    const xml = r.steps.find((s) => s.xml)?.xml ?? '';
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(parsed.driver.type).toBe(HOSTILE.driverType);
    expect(parsed.driver.cache).toBe('writeback');
  });
});
