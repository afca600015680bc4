// Pure: what lib/checks would find in a scenario, without SSH: each fixture becomes the Observation
// the probe would report, each domain goes through the probe's own XML parser, and each target gets
// the poll statuses its pin/behavior/start produce. Lets scenario tests check fullLabExpected
// exactly; the integration tests of the collector check the same against the real lab.
import { createHash } from 'node:crypto';
import { parseDomainXml } from '../../lib/probe/domain-xml';
import { mergeGuests } from '../../lib/probe/merge-running';
import { parseQemuCommandLine } from '../../lib/probe/qemu-cmdline';
import type { DeviceHolder, Observation, PollStatus } from '../../lib/probe/types';
import { judgeFleet } from '../../lib/findings/judge';
import { defaultRuleConfig } from '../../lib/checks/config';
import { allChecks as allRules } from '../../lib/checks';
import type { TargetState } from '../../lib/checks/types';
import { domainXml } from './domain-xml';
import { resolveFixture } from './lab-spec';
import type { Scenario, ScenarioHost } from './scenario-model';
import type { LabGuestSpec, TargetFixture } from './types';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The Observation the probe reports for a fixture (host key fingerprints stand in by key name). */
export function observationOf(f: TargetFixture, host: ScenarioHost | null): Observation {
  const holders: DeviceHolder[] = (host?.holders ?? []).flatMap((h, i) =>
    (h.devices ?? ['/dev/random']).map((device) => ({
      pid: 100 + i,
      command: 'qemu-system-x86',
      device,
      domain: h.domain,
    })),
  );
  const hostKey = { type: 'ssh-ed25519', fingerprint: `SHA256:${sha256(`key:${f.hostKey}`).slice(0, 43)}` };
  return {
    kernelRelease: f.kernelRelease,
    uptimeSec: f.uptimeSec,
    entropyAvail: f.entropyAvail,
    poolsize: f.poolsize,
    rngAvailable: f.rngAvailable.split(/\s+/).filter((n) => n !== '' && n !== 'none'),
    rngCurrent: f.rngCurrent,
    rngQuality: f.rngQuality,
    hwrngPresent: f.hwrng,
    rngdRunning: f.rngd,
    havegedRunning: f.haveged,
    cpuRdrand: f.cpuFlags.includes('rdrand'),
    cpuRdseed: f.cpuFlags.includes('rdseed'),
    machineId: f.machineId,
    sshHostKeys: [hostKey],
    // The key the SSH handshake presented (what clone-ssh-hostkey trusts): the same key in the lab.
    presentedHostKey: hostKey,
    randomSeedSha256: f.randomSeed === null ? null : sha256(f.randomSeed),
    osId: f.osRelease.id,
    osIdLike: f.osRelease.idLike,
    fieldErrors: {},
    host: host ? { holders, ...guestsOf(host), platform: 'libvirt' } : null,
  };
}

/** The host's domains as the probe merges them: a holder with a command line is the domain's running QEMU. */
function guestsOf(host: ScenarioHost) {
  const processes = (host.holders ?? []).flatMap((h, i) =>
    h.argv
      ? [{ pid: 100 + i, config: parseQemuCommandLine([h.binary ?? 'qemu-system-x86_64', ...h.argv]) }]
      : [],
  );
  const libvirt = host.domains.map((d) => parseDomainXml(domainXml(d)));
  return mergeGuests({ libvirt, pve: null, processes });
}

function statusOf(spec: { pin?: string; start?: boolean; behavior?: string }): PollStatus {
  if (spec.start === false || spec.behavior === 'hang') return spec.start === false ? 'refused' : 'timeout';
  if (spec.pin === 'stale') return 'host-key-mismatch';
  if (spec.pin === 'none') return 'host-key-unknown';
  if (spec.behavior === 'garbage') return 'parse-error';
  return 'ok';
}

/** `[target, rule]` pairs (sorted) the rules report for a scenario after `cycles` polls. */
export function simulateFindings(s: Scenario, now: Date, cycles = 3): [string, string][] {
  const states: TargetState[] = [];
  const hostOf = new Map<string, ScenarioHost>();
  const state = (
    name: string,
    kind: 'host' | 'guest',
    spec: object,
    f: TargetFixture,
    host: ScenarioHost | null,
    asHost: ScenarioHost | null,
  ) => {
    const status = statusOf(spec);
    const observation = status === 'ok' ? observationOf(f, asHost) : null;
    states.push({
      name,
      kind,
      hostName: host?.name ?? null,
      domainName: kind === 'guest' ? ((spec as LabGuestSpec).domain ?? name) : null,
      observation,
      observedAt: observation ? now : null,
      recentEntropy: [],
      recentStatuses: Array.from({ length: cycles }, (_, i) => ({
        at: new Date(now.getTime() - i * 60_000),
        status,
        error: status === 'ok' ? null : status,
      })),
    });
  };
  for (const h of s.hosts) {
    hostOf.set(h.name, h);
    state(h.name, 'host', h, resolveFixture(h.name, h), null, h);
    for (const g of h.guests ?? []) state(g.name, 'guest', g, resolveFixture(g.name, g), h, null);
  }
  for (const x of s.extras ?? []) {
    const host = x.guestOf ? (hostOf.get(x.guestOf) ?? null) : null;
    const spec = {
      behavior: x.behavior === 'stopped' ? 'normal' : x.behavior,
      start: x.behavior !== 'stopped',
    };
    const empty: ScenarioHost = { name: x.name, domains: [] };
    state(
      x.name,
      host ? 'guest' : 'host',
      spec,
      resolveFixture(x.name, x.fixture ?? {}),
      host,
      host ? null : empty,
    );
  }
  return evaluateFleet(states, now);
}

/** `[target, rule]` pairs (sorted, one per pair) the rules report for a fleet, judged by the collector's own judgeFleet. */
export function evaluateFleet(states: TargetState[], now: Date): [string, string][] {
  const loaded = states.map((state, id) => ({
    id,
    state,
    fresh: state.recentStatuses[0]?.status === 'ok' && state.observation !== null,
  }));
  const failures: string[] = [];
  const evaluations = judgeFleet(loaded, allRules, {
    now,
    config: defaultRuleConfig,
    log: (line) => failures.push(line),
  });
  if (failures.length > 0) throw new Error(failures.join('\n'));
  const found = new Map<string, [string, string]>();
  for (const e of evaluations) {
    const name = states[e.targetId]!.name;
    for (const hit of e.hits) found.set(`${name}\t${hit.rule}`, [name, hit.rule]);
  }
  return [...found.keys()].sort().map((k) => found.get(k) as [string, string]);
}
