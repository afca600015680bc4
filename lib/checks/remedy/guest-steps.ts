import { kernelBefore } from '../rules/kernel';
import type { RuleHit } from '../rules/types';
import { factList, factString } from './context';
import { kernelParameterSteps, osFamily, type OsFamily } from './os-family';
import type { RemediationStep } from './types';

/** The target's distribution family from the finding's osId/osIdLike facts. */
export function familyOf(hit: RuleHit): OsFamily {
  return osFamily(factString(hit, 'osId'), factList(hit, 'osIdLike'));
}

/**
 * random.trust_cpu=on (Linux 4.19+): lets RDRAND/RDSEED initialise the CRNG at boot. Empty when the
 * kernel predates the parameter (or is unknown), so it is never suggested where it does nothing.
 */
export function trustCpuSteps(hit: RuleHit, runOn: string, optional: boolean): RemediationStep[] {
  if (kernelBefore(factString(hit, 'kernelRelease'), [4, 19]) !== false) return [];
  const prefix = optional ? 'Optional: the CPU has RDRAND; ' : 'The CPU has RDRAND; ';
  const steps = kernelParameterSteps(familyOf(hit), 'random.trust_cpu=on', runOn).map((s) => ({
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
