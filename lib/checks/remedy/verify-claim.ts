import { targetLabel, type RemediationContext } from './context';
import type { RemediationStep } from './types';

/**
 * The first step of a fix that rests on what OTHER targets reported about themselves (machine-id,
 * random-seed hash): a guest can report any value, so the match is checked on this machine's console
 * before anything on it is changed.
 */
export function verifyOnConsoleStep(
  ctx: RemediationContext,
  what: string,
  command: string,
  value: string,
  others: string,
): RemediationStep {
  return {
    description:
      `First verify on the console of ${ctx.target.name} (not through a guest) that ${what} really is ${value}. ` +
      `The match rests on what ${others} reported, and a guest can report any value: if the console shows ` +
      `another value, this machine is not a clone and nothing here needs to change.`,
    runOn: `${targetLabel(ctx)} (console)`,
    command,
  };
}
