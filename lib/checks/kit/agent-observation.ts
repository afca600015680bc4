// A host-view guest's observation, from what its guest agent said in the host's latest poll (pure).
// Only the fields the agent read are set; everything else is null ("not read"), so the checks judge
// entropy_avail, poolsize, rng_current, uptime and the kernel, and skip what needs the rest.
import type { Domain, Observation } from '../types';

/** The guest's observation as read through its guest agent, or null when the agent was not read. */
export function agentObservation(domain: Domain | null): Observation | null {
  const a = domain?.agent;
  if (!a || a.status !== 'read') return null;
  return {
    kernelRelease: a.kernelRelease,
    uptimeSec: a.uptimeSec,
    entropyAvail: a.entropyAvail,
    poolsize: a.poolsize,
    rngAvailable: a.rngAvailable,
    rngCurrent: a.rngCurrent,
    rngQuality: null,
    hwrngPresent: null,
    rngdRunning: null,
    havegedRunning: null,
    cpuRdrand: null,
    cpuRdseed: null,
    machineId: null,
    sshHostKeys: [],
    randomSeedSha256: null,
    osId: null,
    osIdLike: [],
    fieldErrors: { ...a.fieldErrors },
    host: null,
    presentedHostKey: null,
    readThrough: 'guest-agent',
  };
}
