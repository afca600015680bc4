import { ruleRegistry, type RuleRegistry } from '../rules/registry';
import type { RuleHit } from '../rules/types';
import { cloneMachineIdRemediation } from './clone-machine-id';
import { cloneRandomSeedRemediation } from './clone-random-seed';
import { cloneSshHostkeyRemediation } from './clone-ssh-hostkey';
import type { RemediationContext } from './context';
import { crngNotReadyRemediation } from './crng-not-ready';
import { diskAioNativeNeedsDirectRemediation } from './disk-aio-native-needs-direct';
import { diskCachePolicyRemediation } from './disk-cache-policy';
import { diskCacheUnsafeRemediation } from './disk-cache-unsafe';
import { entropyLowRemediation } from './entropy-low';
import { hostEntropyDrainRemediation } from './host-entropy-drain';
import { hostKeyMismatchRemediation } from './host-key-mismatch';
import { hostKeyUnknownRemediation } from './host-key-unknown';
import { probeOutputInvalidRemediation } from './probe-output-invalid';
import type { Remediator } from './remediator';
import { rngBackendBlockingRemediation } from './rng-backend-blocking';
import { rngDeviceMissingRemediation } from './rng-device-missing';
import { rngDriverMissingRemediation } from './rng-driver-missing';
import { rngNotSelectedRemediation } from './rng-not-selected';
import { rngRateUnlimitedRemediation } from './rng-rate-unlimited';
import { rngdNeededRemediation } from './rngd-needed';
import { targetUnreachableRemediation } from './target-unreachable';
import type { Remediation } from './types';

export type { RemediationContext, TargetAccess } from './context';
export type { Remediator, RemediationPlan } from './remediator';

/** Remediators keyed by rule id. */
export interface RemediationRegistry {
  readonly ids: readonly string[];
  get(ruleId: string): Remediator | undefined;
}

/** Builds a registry; throws on a duplicate rule id. */
export function createRemediationRegistry(remediators: readonly Remediator[]): RemediationRegistry {
  const byId = new Map<string, Remediator>();
  for (const r of remediators) {
    if (byId.has(r.ruleId)) throw new Error(`remediation for rule "${r.ruleId}" is registered twice`);
    byId.set(r.ruleId, r);
  }
  return { ids: Object.freeze([...byId.keys()]), get: (id) => byId.get(id) };
}

export const remediationRegistry: RemediationRegistry = createRemediationRegistry([
  crngNotReadyRemediation,
  entropyLowRemediation,
  rngDeviceMissingRemediation,
  rngDriverMissingRemediation,
  rngNotSelectedRemediation,
  rngdNeededRemediation,
  rngBackendBlockingRemediation,
  rngRateUnlimitedRemediation,
  hostEntropyDrainRemediation,
  diskAioNativeNeedsDirectRemediation,
  diskCacheUnsafeRemediation,
  diskCachePolicyRemediation,
  cloneSshHostkeyRemediation,
  cloneMachineIdRemediation,
  cloneRandomSeedRemediation,
  targetUnreachableRemediation,
  hostKeyMismatchRemediation,
  hostKeyUnknownRemediation,
  probeOutputInvalidRemediation,
]);

/** The remediation of one finding: summary, the rule's reason with its source, exact steps, restart flag. */
export function remediate(
  ruleId: string,
  hit: RuleHit,
  ctx: RemediationContext,
  registries: { rules: RuleRegistry; remediations: RemediationRegistry } = {
    rules: ruleRegistry,
    remediations: remediationRegistry,
  },
): Remediation {
  const rule = registries.rules.get(ruleId);
  const remediator = registries.remediations.get(ruleId);
  if (!rule || !remediator) {
    throw new Error(
      `no ${rule ? 'remediation' : 'rule'} registered for rule id "${ruleId}"; known: ${registries.remediations.ids.join(', ')}`,
    );
  }
  const plan = remediator.plan(hit, ctx);
  return {
    summary: plan.summary,
    reason: `${rule.reason}${plan.note ? ` ${plan.note}` : ''} Source: ${rule.source}`,
    steps: plan.steps,
    restartRequired: plan.restartRequired,
  };
}
