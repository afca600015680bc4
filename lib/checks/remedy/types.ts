/** One concrete step: a description and, when there is one, the exact command or XML to copy. */
export interface RemediationStep {
  description: string;
  /** where to run it, e.g. "host kvm-01" or "guest web-01" */
  runOn?: string;
  command?: string;
  xml?: string;
}

export interface Remediation {
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
}
