import { entropySourceFacts, type EntropySourceFacts } from '../kit/entropy';
import { rngModel } from '../kit/kernel';
import { LINUX_5_18 } from '../kit/sources';
import { defineCheck } from '../define';
import { targetLabel } from '../remedy/context';
import { familyOf, trustCpuSteps } from '../remedy/guest-steps';
import { attachRngSteps } from '../remedy/libvirt';
import { rngdInstallSteps } from '../remedy/os-family';

const MODERN_READY = 256;

interface Facts extends EntropySourceFacts {
  entropyAvail: number;
  poolsize: number | null;
  uptimeSec: number;
  rngAvailable: string[];
  rngCurrent: string | null;
}

/** Modern kernel whose CRNG is still not initialised a minute after boot. */
export const crngNotReady = defineCheck<Facts>({
  id: 'crng-not-ready',
  title: 'CRNG not initialised',
  when: 'Modern RNG (poolsize 256), `entropy_avail` < 256 and uptime > 60 s: the CRNG has not initialised.',
  severities: 'critical when uptime > 120 s, warning before',
  fix: 'hot-plug a virtio-rng device; else random.trust_cpu=on (RDRAND) or rngd',
  reason:
    'Since the Linux 5.18 random.c rework (and its backports) entropy_avail reads 256 as soon as the ' +
    'kernel CRNG is initialised and stays there, so the old "entropy_avail < 200" alarm means nothing. ' +
    'A value below 256 more than a minute after boot means the CRNG never got seeded: getrandom() ' +
    'blocks and services that need keys at boot (sshd, TLS, systemd) hang or start late. It usually ' +
    'means the machine has no entropy source: no virtio-rng device, no trusted RDRAND.',
  source: LINUX_5_18,
  appliesTo: ['host', 'guest', 'local'],
  requires: ['observation'],
  evaluate(ctx) {
    const obs = ctx.target.observation;
    if (!obs || rngModel(obs.poolsize) !== 'modern') return [];
    if (obs.entropyAvail == null || obs.uptimeSec == null) return [];
    // The first minute after boot is allowed: seeding from interrupts and jitter takes a moment.
    if (obs.entropyAvail >= MODERN_READY || obs.uptimeSec <= 60) return [];
    const uptime = Math.round(obs.uptimeSec);
    return [
      {
        subject: '',
        severity: obs.uptimeSec > 120 ? 'critical' : 'warning',
        summary: `CRNG not initialised ${uptime} s after boot (entropy_avail ${obs.entropyAvail} < 256)`,
        detail:
          `entropy_avail=${obs.entropyAvail} poolsize=${obs.poolsize} uptime=${uptime}s ` +
          `kernel ${obs.kernelRelease ?? 'unknown'} rdrand=${obs.cpuRdrand ?? 'unknown'} ` +
          `rng_current=${obs.rngCurrent ?? 'unknown'}`,
        facts: {
          ...entropySourceFacts(ctx, obs),
          entropyAvail: obs.entropyAvail,
          poolsize: obs.poolsize,
          uptimeSec: uptime,
          rngAvailable: obs.rngAvailable ?? [],
          rngCurrent: obs.rngCurrent,
        },
      },
    ];
  },
  remediate(hit, ctx) {
    const runOn = targetLabel(ctx);
    const rdrand = hit.facts.cpuRdrand === true;
    // A guest without <rng>: the host-backed virtio-rng is the fix that needs no reboot.
    if (ctx.target.kind === 'guest' && hit.facts.hasRngDevice === false) {
      const domain = hit.facts.domain ?? ctx.target.domainName ?? ctx.target.name;
      return {
        summary: `Give ${ctx.target.name} a virtio-rng device so its CRNG seeds from the host`,
        steps: [
          ...attachRngSteps(ctx, domain, ctx.domain?.state ?? null),
          ...(rdrand ? trustCpuSteps(hit.facts, runOn, true) : []),
        ],
        restartRequired: false,
      };
    }
    const check = {
      description:
        'See which hardware RNG the kernel has and uses; a virtio-rng guest should list virtio_rng.0 (if not, load it: modprobe virtio_rng).',
      runOn,
      command:
        'cat /sys/devices/virtual/misc/hw_random/rng_available /sys/devices/virtual/misc/hw_random/rng_current',
    };
    const trust = rdrand ? trustCpuSteps(hit.facts, runOn, false) : [];
    if (trust.length > 0) {
      return {
        summary: `Let the CPU's RDRAND seed the CRNG on ${ctx.target.name} (random.trust_cpu=on)`,
        steps: [check, ...trust],
        restartRequired: true,
        note: 'The CPU reports RDRAND, so trusting it initialises the CRNG at boot.',
      };
    }
    return {
      summary: `Run rngd on ${ctx.target.name} so a hardware or jitter source seeds the CRNG`,
      steps: [check, ...rngdInstallSteps(familyOf(hit.facts), hit.facts.kernelRelease, runOn)],
      restartRequired: false,
    };
  },
});
