import { describe, expect, it } from 'vitest';
import { allRules, createRuleRegistry, ruleRegistry } from './registry';
import { crngNotReady } from './crng-not-ready';

const TABLE_IDS = [
  'crng-not-ready',
  'entropy-low',
  'rng-device-missing',
  'rng-driver-missing',
  'rng-not-selected',
  'rngd-needed',
  'rng-backend-blocking',
  'rng-rate-unlimited',
  'host-entropy-drain',
  'disk-aio-native-needs-direct',
  'disk-cache-unsafe',
  'disk-cache-policy',
  'clone-ssh-hostkey',
  'clone-machine-id',
  'clone-random-seed',
  'target-unreachable',
  'host-key-mismatch',
  'host-key-unknown',
  'probe-output-invalid',
];

describe('rule registry', () => {
  it('holds exactly the rules of the table', () => {
    expect(allRules.map((r) => r.id).sort()).toEqual([...TABLE_IDS].sort());
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
