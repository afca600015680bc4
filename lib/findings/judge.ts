import type { SshTargetConfig } from '../inventory/types';
import { evaluateTarget, requiredInputs } from '../checks/evaluate';
import type { RemediationContext } from '../checks/remedy/context';
import type { Check, CheckInput, RuleConfig } from '../checks/types';
import { definitionContext, subjectsWaitingForColdBoot } from './cold-boot-pending';
import type { LoadedTarget } from './load-states';
import { agentObservation } from '../checks/kit/agent-observation';
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
    const host = l.state.hostName ? byName.get(l.state.hostName) : undefined;
    const domain =
      l.state.kind === 'guest'
        ? (host?.state.observation?.host?.domains.find((d) => d.name === l.state.domainName) ?? null)
        : null;
    // A host-view guest (never polled) whose guest agent answered in its host's current poll is judged
    // on what the agent read (docs/platforms.md); otherwise it stays in host view.
    const viaAgent =
      l.state.kind === 'guest' && l.state.observation === null && host?.fresh
        ? agentObservation(domain)
        : null;
    const t = viaAgent
      ? { ...l.state, observation: viaAgent, observedAt: host?.state.observedAt ?? null }
      : l.state;
    const ownDomains = t.observation?.host?.domains ?? [];
    const available: Record<CheckInput, boolean> = {
      observation: l.fresh || viaAgent !== null,
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
    // What the next cold boot would run: a hit that passes there is "applied, waiting for a cold boot".
    const definition = definitionContext(ctx);
    // One rule at a time: a bug in one rule (or its remediation) leaves that rule's findings as they
    // are and is logged, while every other rule still judges this target.
    for (const rule of applicable) {
      try {
        const results = evaluateTarget(ctx, [rule]);
        const waiting = subjectsWaitingForColdBoot(
          rule,
          results.map((r) => r.hit.subject),
          definition,
        );
        for (const { hit } of results) {
          hits.push({
            rule: rule.id,
            subject: hit.subject,
            severity: hit.severity,
            summary: hit.summary,
            detail: hit.detail,
            remediation: hit.remediation(),
            pendingColdBoot: waiting.has(hit.subject),
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
