import type { GuestApplyPlan } from '../../checks/remedy/types';
import type { Observation } from '../../probe/types';

/** Whether a target probed after a guest-side apply shows what the plan set out to do. Pure. */
export function guestFixHolds(plan: GuestApplyPlan, obs: Observation): boolean {
  switch (plan.action) {
    case 'install-rngd':
      return obs.rngdRunning === true;
    case 'select-hwrng':
      return plan.device !== undefined && obs.rngCurrent?.trim() === plan.device;
  }
}
