import { kernelBefore } from '../kit/kernel';
import { kernelParameterSteps, osFamily, type OsFamily } from './os-family';
import type { RemediationStep } from './types';

/** The facts of a finding that say which distribution and kernel the target runs. */
export interface OsFacts {
  osId: string | null;
  osIdLike: string[];
}

/** The target's distribution family from the finding's osId/osIdLike facts. */
export function familyOf(facts: OsFacts): OsFamily {
  return osFamily(facts.osId, facts.osIdLike);
}

/**
 * random.trust_cpu=on (Linux 4.19+): lets RDRAND/RDSEED initialise the CRNG at boot. Empty when the
 * kernel predates the parameter (or is unknown), so it is never suggested where it does nothing.
 */
export function trustCpuSteps(
  facts: OsFacts & { kernelRelease: string | null },
  runOn: string,
  optional: boolean,
): RemediationStep[] {
  if (kernelBefore(facts.kernelRelease, [4, 19]) !== false) return [];
  const prefix = optional ? 'Optional: the CPU has RDRAND; ' : 'The CPU has RDRAND; ';
  const steps = kernelParameterSteps(familyOf(facts), 'random.trust_cpu=on', runOn).map((s) => ({
    ...s,
    description: `${prefix}${s.description[0]?.toLowerCase()}${s.description.slice(1)}`,
  }));
  return [
    ...steps,
    {
      description: `${optional ? 'Optional: reboot' : 'Reboot'} to boot with the new kernel parameter.`,
      runOn,
      command: 'reboot',
    },
  ];
}
