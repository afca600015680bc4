import { checkRegistry as ruleRegistry } from '../checks';

/** What the UI shows about a rule: its title, why it exists, and the source of that claim. */
export interface RuleInfo {
  id: string;
  title: string;
  reason: string;
  source: string;
}

/** Title, reason and source of a rule id; null for an id no current rule has (e.g. a rule since removed). */
export function getRuleInfo(id: string): RuleInfo | null {
  const r = ruleRegistry.get(id);
  return r ? { id: r.id, title: r.title, reason: r.reason, source: r.source } : null;
}

/** Every rule, in registry order. */
export function listRuleInfo(): RuleInfo[] {
  return ruleRegistry.all.map((r) => ({ id: r.id, title: r.title, reason: r.reason, source: r.source }));
}
