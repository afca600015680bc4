import { entropyLowLevel } from '../kit/entropy';
import { formatKernel } from '../kit/kernel';
import { LIBVIRT_RNG_DOC, LINUX_5_6 } from '../kit/sources';
import { defineCheck } from '../define';
import { hostLabel } from '../remedy/context';
import { familyOf, type OsFacts } from '../remedy/guest-steps';
import { coldBootSteps, rngEditStep, rngDeviceXml } from '../remedy/libvirt';
import { rngdInstallSteps } from '../remedy/os-family';
import { shellJoin } from '../remedy/shell-quote';
import type { RemediationStep } from '../remedy/types';

// lsof truncates the command to 15 characters ("qemu-system-x86"); kvm is the old wrapper name.
const QEMU_COMMAND = /qemu|^kvm$/i;

interface Facts extends OsFacts {
  minimumEntropy: number;
  kernelRelease: string | null;
  /** libvirt domains of the QEMU processes holding /dev/random, sorted */
  domains: string[];
  /** PIDs of those processes, ascending (some may name no domain) */
  pids: number[];
  cpuRdrand: boolean | null;
  rngdRunning: boolean | null;
}

/** A legacy host low on entropy while QEMU processes hold its /dev/random open. */
export const hostEntropyDrain = defineCheck<Facts>({
  id: 'host-entropy-drain',
  title: 'Guests draining the host entropy pool',
  when: 'A legacy host with the entropy-low condition at warning/critical while QEMU processes hold its `/dev/random` (the domains and PIDs are named).',
  severities: 'critical',
  fix: "switch the holders' `<rng>` backends to /dev/urandom (cold boot each); rngd on the host",
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
          pids,
          cpuRdrand: obs.cpuRdrand,
          rngdRunning: obs.rngdRunning,
          osId: obs.osId,
          osIdLike: obs.osIdLike,
        },
      },
    ];
  },
  remediate(hit, ctx) {
    const runOn = hostLabel(ctx);
    const { domains, pids } = hit.facts;
    const steps: RemediationStep[] = [];
    if (pids.length > 0) {
      steps.push({
        description: 'See which QEMU processes hold /dev/random and which guests they run.',
        runOn,
        command: shellJoin(['ps', '-o', 'pid,args', '-p', pids.join(',')]),
      });
    }
    for (const domain of domains) {
      steps.push(
        rngEditStep(
          ctx,
          domain,
          `Guest ${domain}: make its <rng> element read as in the XML (the host's /dev/urandom, rate-limited).`,
          rngDeviceXml(),
        ),
        ...coldBootSteps(ctx, domain),
      );
    }
    if (domains.length < pids.length) {
      steps.push({
        description:
          'Some holders name no libvirt domain: find them in the ps output above and change their -object rng-random,filename=/dev/random to /dev/urandom.',
        runOn,
      });
    }
    if (hit.facts.rngdRunning !== true) {
      steps.push(...rngdInstallSteps(familyOf(hit.facts), hit.facts.kernelRelease, runOn));
    }
    return {
      summary: `Stop guests draining ${ctx.target.name}'s /dev/random: switch their <rng> backends to /dev/urandom`,
      steps,
      restartRequired: true,
      note: domains.length > 0 ? `Guests holding /dev/random: ${domains.join(', ')}.` : undefined,
    };
  },
});
