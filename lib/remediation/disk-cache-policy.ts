import { diskDriverPlan } from './disk-steps';
import type { Remediator } from './remediator';

export const diskCachePolicyRemediation: Remediator = {
  ruleId: 'disk-cache-policy',
  plan: (hit, ctx) =>
    diskDriverPlan(
      'disk-cache-policy',
      hit,
      ctx,
      "The suggestion changes as little as possible to enter the policy. Do not use writethrough with io='native': " +
        'QEMU refuses it (native AIO needs cache.direct=on).',
    ),
};
