import type { RuleHit } from '../rules/types';
import type { RemediationContext } from './context';
import type { RemediationStep } from './types';

/** What one rule's remediation decides; the registry adds the rule's reason and source. */
export interface RemediationPlan {
  summary: string;
  steps: RemediationStep[];
  restartRequired: boolean;
  /** an extra sentence for the reason (e.g. which fact chose these steps) */
  note?: string;
}

/** The remediation of one rule id: one file each, collected in registry.ts. */
export interface Remediator {
  ruleId: string;
  plan(hit: RuleHit, ctx: RemediationContext): RemediationPlan;
}
