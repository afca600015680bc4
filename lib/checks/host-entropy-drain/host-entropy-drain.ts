import { entropyLowLevel } from './entropy';
import { formatKernel } from './kernel';
import { LIBVIRT_RNG_DOC, LINUX_5_6 } from './sources';
import type { Rule } from './types';

// lsof truncates the command to 15 characters ("qemu-system-x86"); kvm is the old wrapper name.
const QEMU_COMMAND = /qemu|^kvm$/i;

/** A legacy host low on entropy while QEMU processes hold its /dev/random open. */
export const hostEntropyDrain: Rule = {
  id: 'host-entropy-drain',
  title: 'Guests draining the host entropy pool',
  reason:
    "The host's legacy pool is low (entropy-low at warning or critical) while QEMU processes hold " +
    '/dev/random open: virtio-rng devices backed by /dev/random pass every guest read through to the ' +
    "host's blocking pool, so the guests drain it and the host (and every guest behind it) blocks on " +
    '/dev/random. Switching those backends to /dev/urandom and rate-limiting them stops the drain.',
  source: `${LINUX_5_6}; ${LIBVIRT_RNG_DOC}`,
  appliesTo: ['host', 'local'],
  // 'holders': when lsof failed this cycle an empty list means "unknown", not "nobody holds it".
  requires: ['observation', 'holders'],
  evaluate(ctx) {
    const obs = ctx.target.observation;
    const low = entropyLowLevel(ctx.target, ctx.config, ctx.now);
    if (!obs?.host || !low || low.severity === 'info') return [];
    const holders = obs.host.holders.filter(
      (h) => h.device === '/dev/random' && QEMU_COMMAND.test(h.command),
    );
    if (holders.length === 0) return [];
    const domains = [...new Set(holders.map((h) => h.domain).filter((d): d is string => d != null))].sort();
    const pids = holders.map((h) => h.pid).sort((a, b) => a - b);
    const who = holders.map((h) => (h.domain ? `${h.domain} (pid ${h.pid})` : `pid ${h.pid}`)).join(', ');
    return [
      {
        subject: '',
        severity: 'critical',
        summary: `entropy_avail fell to ${low.minimum} on kernel ${formatKernel(low.kernel)} while QEMU holds /dev/random: ${who}`,
        detail: `minimum entropy_avail=${low.minimum} (entropy-low ${low.severity}); /dev/random held by ${holders
          .map((h) => `${h.command}[${h.pid}]${h.domain ? ` guest=${h.domain}` : ''}`)
          .join(', ')}`,
        facts: {
          minimumEntropy: low.minimum,
          kernelRelease: obs.kernelRelease,
          domains,
          pids: pids.map(String),
          cpuRdrand: obs.cpuRdrand,
          rngdRunning: obs.rngdRunning,
          osId: obs.osId,
          osIdLike: obs.osIdLike,
        },
      },
    ];
  },
};
