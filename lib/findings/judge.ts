import type { SshTargetConfig } from '../inventory/types';
import { evaluateTarget, requiredInputs } from '../checks/evaluate';
import type { RemediationContext } from '../checks/remedy/context';
import type { Check, CheckInput, RuleConfig } from '../checks/types';
import type { LoadedTarget } from './load-states';
import type { Hit, TargetEvaluation } from './plan';

export interface JudgeOptions {
  now: Date;
  config: RuleConfig;
  /** inventory entries, so remediation commands name the real address, port, URI and known_hosts */
  targets?: SshTargetConfig[];
  log?: (line: string) => void;
}

/** Builds each target's rule context and runs the rules whose inputs are available this cycle. */
export function judgeFleet(
  loaded: LoadedTarget[],
  checks: readonly Check[],
  opts: JudgeOptions,
): TargetEvaluation[] {
  const access = new Map((opts.targets ?? []).map((t) => [t.name, t]));
  const log = opts.log ?? ((line: string) => console.error(line));
  const byName = new Map(loaded.map((l) => [l.state.name, l]));
  const fleet = loaded.map((l) => l.state);
  const claimed = new Map<string, Set<string>>();
  for (const l of loaded) {
    if (l.state.kind === 'guest' && l.state.hostName && l.state.domainName) {
      const set = claimed.get(l.state.hostName) ?? new Set<string>();
      set.add(l.state.domainName);
      claimed.set(l.state.hostName, set);
    }
  }
  return loaded.map((l) => {
    const t = l.state;
    const host = t.hostName ? byName.get(t.hostName) : undefined;
    const ownDomains = t.observation?.host?.domains ?? [];
    const domain =
      t.kind === 'guest'
        ? (host?.state.observation?.host?.domains.find((d) => d.name === t.domainName) ?? null)
        : null;
    const available: Record<CheckInput, boolean> = {
      observation: l.fresh,
      // For a host, its own observation is the host observation (its domains, holders, kernel).
      hostObservation: t.kind === 'guest' ? (host?.fresh ?? false) : l.fresh,
      domain: t.kind === 'guest' ? (host?.fresh ?? false) && domain !== null : l.fresh,
      statuses: true,
      fleet: true,
      // lsof's list of /dev/random holders was read this cycle (an ignored odd line still counts as read).
      holders:
        l.fresh &&
        t.observation?.host != null &&
        (t.observation.fieldErrors.holders === undefined ||
          t.observation.fieldErrors.holders.startsWith('unrecognised lsof names')),
    };
    const ctx: RemediationContext = {
      now: opts.now,
      config: opts.config,
      target: t,
      host: host?.state ?? null,
      domain,
      fleet,
      unclaimedDomains: t.kind === 'guest' ? [] : ownDomains.filter((d) => !claimed.get(t.name)?.has(d.name)),
      targetAccess: access.get(t.name) ?? null,
      hostAccess: t.hostName ? (access.get(t.hostName) ?? null) : null,
    };
    // A host judges its unclaimed domains from its own virsh list. When that list could not be read
    // this cycle (libvirtd down, virsh missing or failing: fieldErrors.domains), its [] means
    // "unknown", not "no domains": the domain rules are skipped so their findings stay as they are.
    const domainsKnown =
      t.kind === 'guest' || (t.observation?.host != null && t.observation.fieldErrors.domains === undefined);
    const applicable = checks.filter(
      (r) =>
        r.appliesTo.includes(t.kind) &&
        requiredInputs(r, t.kind).every((i) => available[i]) &&
        (domainsKnown || !r.requires.includes('domain')),
    );
    const evaluated = new Set<string>();
    const hits: Hit[] = [];
    // One rule at a time: a bug in one rule (or its remediation) leaves that rule's findings as they
    // are and is logged, while every other rule still judges this target.
    for (const rule of applicable) {
      try {
        for (const { hit } of evaluateTarget(ctx, [rule])) {
          hits.push({
            rule: rule.id,
            subject: hit.subject,
            severity: hit.severity,
            summary: hit.summary,
            detail: hit.detail,
            remediation: hit.remediation(),
          });
        }
        evaluated.add(rule.id);
      } catch (e) {
        log(`rules: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return { targetId: l.id, evaluatedRules: evaluated, hits };
  });
}
