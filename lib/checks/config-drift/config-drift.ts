import { configDrift, type DriftItem } from '../kit/drift';
import { domainFacts, domainScopes, scopedSubject, type DomainFacts } from '../kit/domain-scope';
import { LIBVIRT_DISK_DOC } from '../kit/sources';
import { defineCheck } from '../define';
import { coldBootSteps } from '../remedy/libvirt';

interface Facts extends DomainFacts {
  drift: DriftItem[];
  pendingKeys: string[];
}

const QM_PENDING =
  "Proxmox VE qm(1): a change to a running VM that cannot be hot-plugged is stored as [PENDING] and applied at the VM's next start";

/** The running QEMU process and the guest's definition disagree on a judged setting. */
export const configDriftCheck = defineCheck<Facts>({
  id: 'config-drift',
  title: 'Defined differs from running',
  when: "The running QEMU process and the guest's definition (libvirt inactive XML, Proxmox VE config with `[PENDING]`) disagree on a disk cache/io mode, an RNG backend or rate, or vmgenid.",
  severities: 'info',
  fix: 'a cold boot (shutdown, then start) so QEMU runs the definition',
  reason:
    "The guest's definition (libvirt's inactive XML, Proxmox VE's config with its pending changes) and the " +
    'QEMU process that runs it disagree on a disk cache or AIO mode, an RNG backend or rate, or vmgenid. ' +
    'Entropy Watch judges what runs; the definition applies only when QEMU starts again: a cold boot ' +
    '(shut down, then start), not a reboot inside the guest.',
  source: `${LIBVIRT_DISK_DOC}; libvirt virsh(1) "edit": changes to a running domain take effect at its next start; ${QM_PENDING}`,
  appliesTo: ['guest', 'host', 'local'],
  requires: ['domain'],
  evaluate(ctx) {
    return domainScopes(ctx).flatMap((scope) => {
      const drift = configDrift(scope.domain);
      if (drift.length === 0) return [];
      const list = drift.map((d) => `${d.setting}: running ${d.running}, defined ${d.defined}`).join('; ');
      return [
        {
          subject: scopedSubject(scope),
          severity: 'info' as const,
          summary: `${scope.domain.name}: ${drift.length} setting(s) differ from the definition until a cold boot`,
          detail: `${list} (QEMU pid ${scope.domain.pid ?? 'unknown'})`,
          facts: { ...domainFacts(scope), drift, pendingKeys: scope.domain.defined?.pendingKeys ?? [] },
        },
      ];
    });
  },
  remediate(hit, ctx) {
    const { domain, drift, pendingKeys } = hit.facts;
    const pending =
      pendingKeys.length > 0 ? ` Proxmox VE lists them as pending: ${pendingKeys.join(', ')}.` : '';
    return {
      summary: `Cold boot ${domain} to run its definition`,
      steps: coldBootSteps(ctx, domain),
      restartRequired: true,
      note: `Running vs defined: ${drift.map((d) => `${d.setting} ${d.running} → ${d.defined}`).join(', ')}.${pending}`,
    };
  },
});
