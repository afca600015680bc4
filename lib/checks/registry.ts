import { cloneMachineId } from './clone-machine-id';
import { cloneRandomSeed } from './clone-random-seed';
import { cloneSshHostkey } from './clone-ssh-hostkey';
import { crngNotReady } from './crng-not-ready';
import { diskAioNativeNeedsDirect } from './disk-aio-native-needs-direct';
import { diskCachePolicy } from './disk-cache-policy';
import { diskCacheUnsafe } from './disk-cache-unsafe';
import { entropyLow } from './entropy-low';
import { hostEntropyDrain } from './host-entropy-drain';
import { hostKeyMismatch } from './host-key-mismatch';
import { hostKeyUnknown } from './host-key-unknown';
import { probeOutputInvalid } from './probe-output-invalid';
import { rngBackendBlocking } from './rng-backend-blocking';
import { rngDeviceMissing } from './rng-device-missing';
import { rngDriverMissing } from './rng-driver-missing';
import { rngNotSelected } from './rng-not-selected';
import { rngRateUnlimited } from './rng-rate-unlimited';
import { rngdNeeded } from './rngd-needed';
import { targetUnreachable } from './target-unreachable';
import type { Rule } from './types';

/** Rules by id, in registration order. */
export interface RuleRegistry {
  readonly all: readonly Rule[];
  get(id: string): Rule | undefined;
}

/** Builds a registry; throws on a duplicate or malformed id or a rule without reason/source. */
export function createRuleRegistry(rules: readonly Rule[]): RuleRegistry {
  const byId = new Map<string, Rule>();
  for (const rule of rules) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id)) {
      throw new Error(`rule id "${rule.id}" must be kebab-case (lowercase words joined by "-")`);
    }
    if (byId.has(rule.id))
      throw new Error(`rule id "${rule.id}" is registered twice; rule ids must be unique`);
    if (!rule.reason.trim() || !rule.source.trim()) {
      throw new Error(`rule "${rule.id}" needs a reason and a source`);
    }
    if (rule.appliesTo.length === 0) throw new Error(`rule "${rule.id}" applies to no target kind`);
    byId.set(rule.id, rule);
  }
  const all = Object.freeze([...byId.values()]);
  return { all, get: (id) => byId.get(id) };
}

/** Every rule Entropy Watch evaluates. */
export const ruleRegistry: RuleRegistry = createRuleRegistry([
  crngNotReady,
  entropyLow,
  rngDeviceMissing,
  rngDriverMissing,
  rngNotSelected,
  rngdNeeded,
  rngBackendBlocking,
  rngRateUnlimited,
  hostEntropyDrain,
  diskAioNativeNeedsDirect,
  diskCacheUnsafe,
  diskCachePolicy,
  cloneSshHostkey,
  cloneMachineId,
  cloneRandomSeed,
  targetUnreachable,
  hostKeyMismatch,
  hostKeyUnknown,
  probeOutputInvalid,
]);

/** All rules, for metadata (title, reason, source) in the UI and the README. */
export const allRules: readonly Rule[] = ruleRegistry.all;
