// "Applied, waiting for a cold boot" (issue 12), derived while judging (pure): a domain rule that
// fails on what the guest RUNS (its QEMU command line) but passes on its persistent DEFINITION
// (libvirt's inactive XML, a Proxmox VE config with its [PENDING] changes) has its fix in place; only a
// cold boot (shut down, then start) makes QEMU run it. A reboot inside the guest is not enough: QEMU
// keeps its command line (libvirt virsh(1) "define": "changes to a running domain take effect at its
// next start"; Proxmox VE qm(1): pending changes apply at the VM's next start).
import { evaluateTarget } from '../checks/evaluate';
import type { RemediationContext } from '../checks/remedy/context';
import type { Check } from '../checks/types';
import type { Domain } from '../probe/types';

/**
 * The guest as its definition describes it (what the next cold boot runs), judged as such; null when
 * nothing runs it (it is judged on its definition already) or no definition is known.
 */
export function definitionView(domain: Domain): Domain | null {
  const defined = domain.defined;
  if (domain.judgedFrom !== 'running' || !defined) return null;
  return {
    ...domain,
    disks: defined.disks,
    rngs: defined.rngs,
    genid: defined.genid ?? domain.genid,
    judgedFrom: 'definition',
    defined: null,
  };
}

/** The rule context with every running domain replaced by its definition; null when none runs. */
export function definitionContext(ctx: RemediationContext): RemediationContext | null {
  if (ctx.target.kind === 'guest') {
    const view = ctx.domain ? definitionView(ctx.domain) : null;
    return view ? { ...ctx, domain: view } : null;
  }
  let changed = false;
  const unclaimedDomains = ctx.unclaimedDomains.map((d) => {
    const view = definitionView(d);
    if (view) changed = true;
    return view ?? d;
  });
  return changed ? { ...ctx, unclaimedDomains } : null;
}

/**
 * The subjects of `rule`'s hits on `ctx` that wait for a cold boot: the rule reports them on what runs
 * but not on the definition. Empty for rules that do not judge domains and for targets with nothing
 * running. `definition` is definitionContext(ctx), passed in so a target computes it once.
 */
export function subjectsWaitingForColdBoot(
  rule: Check,
  failing: readonly string[],
  definition: RemediationContext | null,
): Set<string> {
  if (failing.length === 0 || definition === null || !rule.requires.includes('domain')) return new Set();
  const stillFailing = new Set(evaluateTarget(definition, [rule]).map(({ hit }) => hit.subject));
  return new Set(failing.filter((s) => !stillFailing.has(s)));
}
