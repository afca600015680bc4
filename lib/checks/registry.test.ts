import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crngNotReady } from './crng-not-ready/crng-not-ready';
import { allChecks as allRules, checkRegistry as ruleRegistry } from './index';
import { createCheckRegistry as createRuleRegistry } from './registry';

// Every folder here except the shared libraries is one check.
const SHARED = new Set(['kit', 'remedy']);
const folders = fs
  .readdirSync(import.meta.dirname, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !SHARED.has(e.name))
  .map((e) => e.name);

describe('check registry', () => {
  it('holds exactly one check per folder, each in the folder named by its id', () => {
    expect(allRules.map((r) => r.id).sort()).toEqual([...folders].sort());
    for (const id of folders) {
      expect(fs.existsSync(path.join(import.meta.dirname, id, `${id}.ts`)), id).toBe(true);
    }
    expect(ruleRegistry.get('entropy-low')?.id).toBe('entropy-low');
    expect(ruleRegistry.get('nope')).toBeUndefined();
  });

  it('refuses duplicate ids and malformed rules', () => {
    expect(() => createRuleRegistry([crngNotReady, crngNotReady])).toThrow(/registered twice/);
    expect(() => createRuleRegistry([{ ...crngNotReady, id: 'Bad Id' }])).toThrow(/kebab-case/);
    expect(() => createRuleRegistry([{ ...crngNotReady, source: ' ' }])).toThrow(/reason and a source/);
    expect(() => createRuleRegistry([{ ...crngNotReady, appliesTo: [] }])).toThrow(/no target kind/);
  });

  it('every rule has a title, a reason and a source', () => {
    for (const rule of allRules) {
      expect(rule.title.length, rule.id).toBeGreaterThan(3);
      expect(rule.reason.length, rule.id).toBeGreaterThan(80);
      expect(rule.source.length, rule.id).toBeGreaterThan(10);
    }
  });
});
