import { diskDriverPlan } from './disk-steps';
import type { Remediator } from './remediator';

export const diskCacheUnsafeRemediation: Remediator = {
  ruleId: 'disk-cache-unsafe',
  plan: (hit, ctx) =>
    diskDriverPlan(
      'disk-cache-unsafe',
      hit,
      ctx,
      'The suggested cache mode honours guest flushes and stays inside the disk policy.',
    ),
};
