// The one list of checks. Adding a check = its folder under lib/checks/<id>/ and one line here
// (docs/adding-a-check.md). The order is the order of the docs and of the rule catalogue.
import { cloneMachineId } from './clone-machine-id/clone-machine-id';
import { cloneRandomSeed } from './clone-random-seed/clone-random-seed';
import { cloneSshHostkey } from './clone-ssh-hostkey/clone-ssh-hostkey';
import { configDriftCheck } from './config-drift/config-drift';
import { crngNotReady } from './crng-not-ready/crng-not-ready';
import { diskAioNativeNeedsDirect } from './disk-aio-native-needs-direct/disk-aio-native-needs-direct';
import { diskCachePolicy } from './disk-cache-policy/disk-cache-policy';
import { diskCacheUnsafe } from './disk-cache-unsafe/disk-cache-unsafe';
import { entropyLow } from './entropy-low/entropy-low';
import { hostEntropyDrain } from './host-entropy-drain/host-entropy-drain';
import { hostKeyMismatch } from './host-key-mismatch/host-key-mismatch';
import { hostKeyUnknown } from './host-key-unknown/host-key-unknown';
import { probeOutputInvalid } from './probe-output-invalid/probe-output-invalid';
import { createCheckRegistry, type CheckRegistry } from './registry';
import { rngBackendBlocking } from './rng-backend-blocking/rng-backend-blocking';
import { rngDeviceMissing } from './rng-device-missing/rng-device-missing';
import { rngDriverMissing } from './rng-driver-missing/rng-driver-missing';
import { rngNotSelected } from './rng-not-selected/rng-not-selected';
import { rngRateUnlimited } from './rng-rate-unlimited/rng-rate-unlimited';
import { rngdNeeded } from './rngd-needed/rngd-needed';
import { targetUnreachable } from './target-unreachable/target-unreachable';
import type { Check } from './types';
import { vmgenidMissing } from './vmgenid-missing/vmgenid-missing';

/** Every check Entropy Watch runs. */
export const checkRegistry: CheckRegistry = createCheckRegistry([
  crngNotReady,
  entropyLow,
  rngDeviceMissing,
  rngDriverMissing,
  rngNotSelected,
  rngdNeeded,
  rngBackendBlocking,
  rngRateUnlimited,
  hostEntropyDrain,
  diskAioNativeNeedsDirect,
  diskCacheUnsafe,
  diskCachePolicy,
  configDriftCheck,
  cloneSshHostkey,
  cloneMachineId,
  cloneRandomSeed,
  vmgenidMissing,
  targetUnreachable,
  hostKeyMismatch,
  hostKeyUnknown,
  probeOutputInvalid,
]);

/** All checks, for metadata (title, reason, source) in the UI and the docs. */
export const allChecks: readonly Check[] = checkRegistry.all;
