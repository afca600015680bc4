import type { GuestCommand } from './guest-commands';

/** One concrete step: a description and, when there is one, the exact command or XML to copy. */
export interface RemediationStep {
  description: string;
  /** where to run it, e.g. "host kvm-01" or "guest web-01" */
  runOn?: string;
  command?: string;
  xml?: string;
}

/**
 * One change to a libvirt domain's persistent definition that Entropy Watch can make itself (issue 12):
 * exactly one element is added or changed; everything else in the document stays as libvirt printed it.
 */
export type DomainEdit =
  | { op: 'add-rng' }
  | { op: 'rng-backend-urandom' }
  | { op: 'rng-add-rate' }
  | { op: 'disk-driver'; disk: string; cache: string; io: string }
  | { op: 'add-genid' };

/**
 * How a remediation can be applied from the dashboard; absent = copy-only. Host-key and clone findings
 * never carry one (they need a human at a console), nor does anything that must stop or start a domain.
 */
export interface ApplyPlan {
  kind: 'libvirt-domain';
  /** the inventory host whose libvirt defines the domain */
  host: string;
  domain: string;
  edit: DomainEdit;
  /** the change reaches the running guest only after a cold boot (which apply never does on its own) */
  restartRequired: boolean;
}

/**
 * A fix Entropy Watch can run inside a guest (or host) itself, over the target's remediation account with
 * `sudo -n`: exactly the commands the finding shows, in order, stopping at the first that fails.
 */
export interface GuestApplyPlan {
  kind: 'guest-commands';
  /** the inventory target the commands run on */
  target: string;
  /** what re-probing must see afterwards: rngd running, or rng_current = device */
  action: 'install-rngd' | 'select-hwrng';
  /** select-hwrng: the device rng_current must name */
  device?: string;
  commands: GuestCommand[];
}

export interface Remediation {
  /** how it can be applied from the dashboard; absent = copy-only */
  apply?: ApplyPlan;
  /** how it can be applied inside the target; absent = copy-only */
  guestApply?: GuestApplyPlan;
  /** one line */
  summary: string;
  /** why, with the source (kernel version, QEMU constraint, libvirt doc) */
  reason: string;
  steps: RemediationStep[];
  /** whether the guest must be restarted (cold boot) for the fix to take effect */
  restartRequired: boolean;
}

/** What one check's remediate() decides; the check adds its reason and source. */
export interface RemediationPlan {
  summary: string;
  steps: RemediationStep[];
  restartRequired: boolean;
  /** an extra sentence for the reason (e.g. which fact chose these steps) */
  note?: string;
  /** how it can be applied from the dashboard; absent = copy-only */
  apply?: ApplyPlan;
  /** how it can be applied inside the target; absent = copy-only */
  guestApply?: GuestApplyPlan;
}
