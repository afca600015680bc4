// Cold boot of a selection of guests (issue 12): the separate, explicitly confirmed action that makes a
// fix "waiting for a cold boot" take effect. Runs on each guest's KVM host over the REMEDIATION account
// (never the monitoring one), a few hosts at a time, one audit entry per guest, then asks the collector
// to poll the guests and their hosts at once (lib/collector/poll-requests.ts).
import pLimit from 'p-limit';
import { requestPoll } from '../collector/poll-requests';
import type { Db } from '../db/client';
import type { Inventory, SshTargetConfig } from '../inventory/types';
import { parseObservationJson } from '../queries/stored-json';
import type { Transport } from '../transport';
import { auditAs } from './run-step';
import type { ApplyActor } from './service';
import {
  coldBootCommands,
  coldBootScript,
  EXIT_NOT_RUNNING,
  EXIT_STILL_RUNNING,
  MARK,
  type ColdBootTarget,
} from './cold-boot-steps';

/** How long a guest gets to shut down when the operator did not choose force-off. */
export const DEFAULT_SHUTDOWN_WAIT_SECONDS = 120;
export const MAX_WAIT_SECONDS = 600;
/** Guests cold booted at once. */
const CONCURRENCY = 4;

export interface ColdBootRequest {
  targets: string[];
  /** cut the power after this many seconds when the guest has not shut down (virsh destroy / --forceStop) */
  forceOffAfterSeconds?: number | null;
  /** without force-off: give up (and leave the guest running) after this many seconds; default 120 */
  shutdownTimeoutSeconds?: number;
}

export interface ColdBootResult {
  target: string;
  host: string | null;
  domain: string | null;
  /** cold-booted: shut down (or forced off) and started; not-running: nothing done; failed: see output */
  result: 'cold-booted' | 'not-running' | 'still-running' | 'refused' | 'failed';
  forcedOff: boolean;
  /** the commands run, as a confirmation shows them */
  commands: string[];
  output: string;
  /** wall time of the host-side script */
  seconds: number | null;
}

export interface ColdBootDeps {
  db: Db;
  inventory: Inventory;
  /** the caller creates it for this request and closes it */
  transport: Transport;
}

type Resolved = { conn: SshTargetConfig; host: string; domain: string; target: ColdBootTarget };

async function resolveGuest(deps: ColdBootDeps, name: string): Promise<Resolved | string> {
  const guest = deps.inventory.targets.find((t) => t.name === name);
  if (!guest) return `unknown target "${name}"; GET /api/v1/targets lists the known names`;
  if (guest.kind !== 'guest' || !guest.hostName)
    return `${name} is a ${guest.kind}: a cold boot acts on a guest, on its KVM host`;
  const host = deps.inventory.targets.find((t) => t.name === guest.hostName && t.kind === 'host');
  if (!host) return `the host ${guest.hostName} of ${name} is not in the inventory`;
  const off = (n: string) =>
    `actions are off for ${n}: set remediation: {apply: true, user: ...} for it in the inventory (docs/apply.md)`;
  if (!guest.remediation) return off(name);
  if (!host.remediation) return off(host.name);
  const domain = guest.domain ?? guest.name;
  // The platform and Proxmox VE's vmid come from the host's latest observation.
  const row = await deps.db.observation.findFirst({
    where: { target: { name: host.name } },
    select: { data: true },
  });
  const parsed = row ? parseObservationJson(row.data) : null;
  const seen = parsed?.ok ? parsed.value.host?.domains.find((d) => d.name === domain) : undefined;
  if (seen?.platform === 'qemu')
    return `${name} runs as a QEMU process nothing manages: a cold boot needs libvirt or Proxmox VE (docs/platforms.md)`;
  const proxmox = seen?.platform === 'proxmox' || host.platform === 'proxmox';
  if (proxmox && (seen?.vmid ?? null) === null)
    return `the VM id of ${name} on ${host.name} is not known yet: wait for a successful poll of ${host.name}`;
  return {
    conn: { ...host, user: host.remediation.user, identityFile: host.remediation.identityFile },
    host: host.name,
    domain,
    target: {
      platform: proxmox ? 'proxmox' : 'libvirt',
      domain,
      uri: host.libvirtUri ?? 'qemu:///system',
      vmid: seen?.vmid ?? null,
    },
  };
}

/**
 * Cold boots each named guest: shutdown, wait up to the bound, optional force-off, start. One result and
 * one audit entry per guest; the guests and their hosts are then polled at once.
 */
export async function coldBoot(
  deps: ColdBootDeps,
  req: ColdBootRequest,
  actor: ApplyActor,
): Promise<ColdBootResult[]> {
  const forceOff = req.forceOffAfterSeconds !== undefined && req.forceOffAfterSeconds !== null;
  const waitSeconds = forceOff
    ? req.forceOffAfterSeconds!
    : (req.shutdownTimeoutSeconds ?? DEFAULT_SHUTDOWN_WAIT_SECONDS);
  const limit = pLimit(CONCURRENCY);
  const names = [...new Set(req.targets)];
  const results = await Promise.all(
    names.map((name) => limit(() => coldBootOne(deps, name, { waitSeconds, forceOff }, actor))),
  );
  const polled = results.filter((r) => r.result === 'cold-booted' || r.result === 'failed');
  await requestPoll(deps.db, [...new Set(polled.flatMap((r) => [r.target, ...(r.host ? [r.host] : [])]))]);
  return results;
}

async function coldBootOne(
  deps: ColdBootDeps,
  name: string,
  o: { waitSeconds: number; forceOff: boolean },
  actor: ApplyActor,
): Promise<ColdBootResult> {
  const audit = auditAs(deps.db, 'remediation.cold-boot', actor);
  const r = await resolveGuest(deps, name);
  if (typeof r === 'string') {
    await audit(false, name, r);
    return {
      target: name,
      host: null,
      domain: null,
      result: 'refused',
      forcedOff: false,
      commands: [],
      output: r,
      seconds: null,
    };
  }
  const commands = coldBootCommands(r.target, o);
  const started = performance.now();
  // Bound: the wait, plus the start and the SSH round trips.
  const res = await deps.transport.run(r.conn, coldBootScript(r.target, o), {
    timeoutMs: (o.waitSeconds + 120) * 1000,
    maxBytes: 256 * 1024,
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const subject = `${name}: cold boot of ${r.host}/${r.domain} as ${r.conn.user}${o.forceOff ? `, force off after ${o.waitSeconds} s` : ''}`;
  const base = { target: name, host: r.host, domain: r.domain, commands, seconds };
  if (!res.ok) {
    await audit(false, subject, `failed: ${res.error}`);
    return { ...base, result: 'failed', forcedOff: false, output: res.error };
  }
  const output = `${res.stdout}${res.stderr}`.trim().slice(0, 4000);
  const forcedOff = res.stdout.includes(`${MARK} forced-off`);
  const result: ColdBootResult['result'] =
    res.exitCode === 0
      ? 'cold-booted'
      : res.exitCode === EXIT_NOT_RUNNING
        ? 'not-running'
        : res.exitCode === EXIT_STILL_RUNNING
          ? 'still-running'
          : 'failed';
  await audit(
    result === 'cold-booted',
    subject,
    `${result} in ${seconds} s (exit ${res.exitCode}): ${output}`,
  );
  return { ...base, result, forcedOff, output };
}
