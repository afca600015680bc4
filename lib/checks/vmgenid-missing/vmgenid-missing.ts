import { defineCheck } from '../define';
import { kernelBefore } from '../kit/kernel';
import { LIBVIRT_GENID_DOC } from '../kit/sources';
import { hostLabel } from '../remedy/context';
import { coldBootSteps, editDomainStep } from '../remedy/libvirt';
import { plainQemu, plainQemuStep, proxmoxVmid, qmColdBootSteps, qmSet } from '../remedy/proxmox';
import type { RemediationStep } from '../remedy/types';
import { libvirtApplyPlan } from '../remedy/apply-plan';

interface Facts {
  domain: string;
  /** the guest's kernel, 5.18 or later (earlier kernels ignore the generation ID) */
  kernelRelease: string;
}

/** A Linux 5.18+ guest whose VM has no generation ID, so a snapshot revert or clone does not reseed its CRNG. */
export const vmgenidMissing = defineCheck<Facts>({
  id: 'vmgenid-missing',
  title: 'No VM generation ID',
  when: 'A guest with kernel ≥ 5.18 (which has the vmgenid driver) whose domain has no `<genid>`.',
  severities: 'info',
  fix: 'virsh edit: `<genid/>`, then a cold boot (qm set --vmgenid 1 on Proxmox VE)',
  reason:
    'When a VM is restored from a snapshot or cloned, its kernel CRNG resumes from the saved state, so ' +
    'both timelines (or every clone) produce the same "random" output until fresh entropy arrives: ' +
    'repeated TLS nonces, session keys and UUIDs. A VM generation ID (<genid/>: a GUID the hypervisor ' +
    'changes on every revert and clone) lets Linux 5.18+ notice the fork and reseed at once. Without ' +
    'snapshots or clones it changes nothing, hence information only; older guest kernels ignore it, so ' +
    'they are not reported.',
  source:
    'Linux 5.18, drivers/virt/vmgenid.c "virt: vmgenid: notify RNG of VM fork and supply generation ID" ' +
    '(Jason A. Donenfeld) and add_vmfork_randomness() in drivers/char/random.c; QEMU 2.9 docs/specs/vmgenid.txt ' +
    `(-device vmgenid,guid=auto); libvirt 4.4.0 <genid/>, ${LIBVIRT_GENID_DOC}; Proxmox VE qm(1) vmgenid`,
  // The guest's own kernel decides whether the ID is used, so unclaimed domains cannot be judged.
  appliesTo: ['guest'],
  requires: ['domain', 'observation'],
  evaluate(ctx) {
    const kernel = ctx.target.observation?.kernelRelease ?? null;
    const domain = ctx.domain;
    if (!domain || domain.genid !== null || kernel === null) return [];
    if (kernelBefore(kernel, [5, 18]) !== false) return [];
    return [
      {
        subject: '',
        severity: 'info',
        summary: `domain ${domain.name} has no VM generation ID; kernel ${kernel} would reseed on snapshot revert or clone`,
        detail: `no <genid> in the domain; guest kernel ${kernel} (≥ 5.18 has the vmgenid driver)`,
        facts: { domain: domain.name, kernelRelease: kernel },
      },
    ];
  },
  remediate(hit, ctx) {
    const { domain } = hit.facts;
    const vmid = proxmoxVmid(ctx, domain);
    let steps: RemediationStep[];
    if (vmid !== null) {
      steps = [
        {
          description: "Give the VM a generation ID ('1' lets Proxmox VE generate one).",
          runOn: hostLabel(ctx),
          command: qmSet(vmid, 'vmgenid', '1'),
        },
        ...qmColdBootSteps(ctx, vmid),
      ];
    } else if (plainQemu(ctx, domain)) {
      steps = [plainQemuStep(ctx, domain, 'add a VM generation ID device', '-device vmgenid,guid=auto')];
    } else {
      steps = [
        editDomainStep(
          ctx,
          domain,
          'Add the <genid/> of the XML right after <uuid>; libvirt fills in the GUID and changes it on snapshot revert and clone.',
          '<genid/>',
        ),
        ...coldBootSteps(ctx, domain),
      ];
    }
    return {
      summary: `Give ${domain} a VM generation ID so its CRNG reseeds after a snapshot revert or clone`,
      steps,
      // The ACPI device appears only when QEMU starts again.
      restartRequired: true,
      apply: libvirtApplyPlan(ctx, domain, { op: 'add-genid' }, true),
    };
  },
});
