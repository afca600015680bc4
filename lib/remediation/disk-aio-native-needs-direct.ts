import { diskDriverPlan } from './disk-steps';
import type { Remediator } from './remediator';

export const diskAioNativeNeedsDirectRemediation: Remediator = {
  ruleId: 'disk-aio-native-needs-direct',
  plan: (hit, ctx) =>
    diskDriverPlan(
      'disk-aio-native-needs-direct',
      hit,
      ctx,
      "The suggested pair is valid for QEMU (io='native' only with cache none/directsync) and inside the disk policy.",
    ),
};
