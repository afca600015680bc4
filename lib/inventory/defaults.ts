import { defaultRuleConfig } from '../checks/config';
import type { RuleConfig } from '../checks/types';

// Defaults of the public inventory format (documented in lib/inventory/load.ts).

export const DEFAULT_INTERVAL_MS = 60_000;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 64;
export const DEFAULT_PORT = 22;
export const DEFAULT_LIBVIRT_URI = 'qemu:///system';
/** OpenSSH's own file, so keys already accepted with `ssh` are pinned for us too. */
export const DEFAULT_KNOWN_HOSTS = '~/.ssh/known_hosts';
export const DEFAULT_WEBHOOK_FOR_MS = 0;
/** Like Alertmanager's repeat_interval: a firing finding is re-sent every 4 hours. */
export const DEFAULT_WEBHOOK_REPEAT_MS = 4 * 3_600_000;
/** At most this many alert events per webhook per collector cycle (plus one overflow event). */
export const DEFAULT_MAX_EVENTS_PER_CYCLE = 50;

/** Thresholds and disk policy when the inventory does not override them: the rules' own (frozen) defaults. */
export const DEFAULT_RULE_CONFIG: RuleConfig = defaultRuleConfig;

/** libvirt `<driver cache>` values (formatdomain.html#hard-drives-floppy-disks-cdroms). */
export const LIBVIRT_CACHE_MODES = ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'];
/** libvirt `<driver io>` values. */
export const LIBVIRT_IO_MODES = ['threads', 'native', 'io_uring'];
