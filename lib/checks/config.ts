import type { RuleConfig } from './types';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Thresholds and disk policy used when the inventory says nothing. Frozen: callers that want to
 * change a value build a new object (`{ ...defaultRuleConfig, entropyWarn: 300 }`), so no caller can
 * change the defaults under another.
 */
export const defaultRuleConfig: RuleConfig = deepFreeze({
  entropyWarn: 200,
  entropyCrit: 100,
  unreachableCycles: 3,
  diskPolicy: {
    // Image files on a filesystem: the host page cache is fine (writeback) or bypassed (none).
    file: { cache: ['writeback', 'none'], io: ['threads', 'io_uring'] },
    // Raw block devices (LV, partition, iSCSI LUN): no host page cache; native AIO or io_uring.
    block: { cache: ['none', 'directsync'], io: ['native', 'io_uring'] },
  },
});
