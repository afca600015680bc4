// Setup shared by the apply, revert, bulk apply and cold-boot tests (integration and e2e): the
// remediation account's sshd, a domain this QEMU can define, an inventory of one host and its guests,
// and open findings whose stored remediation the apply reads. Each test keeps its own assertions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApplyPlan, Remediation } from '../../lib/checks/remedy/types';
import type { Db } from '../../lib/db/client';
import type { Inventory, SshTargetConfig } from '../../lib/inventory/types';
import { createTransport, type Transport } from '../../lib/transport';
import { generateKey } from './keys';
import { embeddedLibvirt, virshLocal } from './libvirt-embed';
import { startTestSshd, type TestSshd } from './sshd';
import { freshDb, type TestDb } from './test-db';

export interface RemediationSshd {
  sshd: TestSshd;
  /** the private key the remediation account (root) logs in with */
  key: string;
  /** a known_hosts file that pins this sshd's host key */
  knownHosts: string;
}

/**
 * An sshd on loopback that root logs in to with a fresh key in `dir`. `monitorReadable`: the monitoring
 * account (not root) logs in too, and sshd reads authorized_keys as that account, so it must reach it.
 */
export async function startRemediationSshd(
  dir: string,
  o: { monitorReadable?: boolean } = {},
): Promise<RemediationSshd> {
  const key = path.join(dir, 'remedy_key');
  const sshd = await startTestSshd({ dir: path.join(dir, 'sshd'), authorizedKeys: [await generateKey(key)] });
  if (o.monitorReadable) {
    fs.chmodSync(dir, 0o711);
    fs.chmodSync(path.join(dir, 'sshd'), 0o711);
    fs.chmodSync(path.join(dir, 'sshd', 'authorized_keys'), 0o644);
  }
  const knownHosts = path.join(dir, 'known_hosts');
  fs.writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
  return { sshd, key, knownHosts };
}

/**
 * The inventory YAML entry of host `name` at `lab`'s sshd with apply on: the remediation account is root
 * with `lab.key`; `more` adds keys (the monitoring `user`, `knownHosts`, `guests`…).
 */
export function remediationHostEntry(
  name: string,
  lab: RemediationSshd,
  libvirtUri: string,
  more: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    address: '127.0.0.1',
    port: lab.sshd.port,
    ...more,
    libvirtUri,
    remediation: { apply: true, user: 'root', identityFile: lab.key },
  };
}

export interface EmbeddedApplyLab {
  /** this lab's temporary directory (removed by close) */
  dir: string;
  ssh: RemediationSshd;
  /** libvirt's QEMU driver embedded in `dir` (definitions persist across virsh runs) */
  uri: string;
  testDb: TestDb;
  transport: Transport;
  close(): Promise<void>;
}

/**
 * One test file's apply lab: a temporary directory named `prefix`…, the remediation sshd, libvirt's
 * embedded QEMU driver with `domains` defined from bootCdromXml, a migrated database and a transport.
 */
export async function startEmbeddedApplyLab(
  prefix: string,
  domains: readonly string[],
): Promise<EmbeddedApplyLab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const made: Partial<EmbeddedApplyLab> = { dir };
  const close = async () => {
    await made.transport?.close();
    await made.ssh?.sshd.stop();
    await made.testDb?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    made.ssh = await startRemediationSshd(dir);
    const uri = (made.uri = embeddedLibvirt(path.join(dir, 'libvirt')));
    for (const name of domains) defineLocal(dir, uri, name);
    made.testDb = await freshDb(`${prefix}db-`);
    made.transport = createTransport({ agentSocket: () => undefined });
    return { ...(made as Omit<EmbeddedApplyLab, 'close'>), close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** libvirt's own test domain (lib/apply/fixtures/boot-cdrom.xml) as an x86_64 guest this QEMU can define. */
export function bootCdromXml(name: string): string {
  return fs
    .readFileSync(new URL('../../lib/apply/fixtures/boot-cdrom.xml', import.meta.url), 'utf8')
    .replace('<name>QEMUGuest1</name>', `<name>${name}</name>`)
    .replace(/<uuid>[^<]*<\/uuid>\n/, '')
    .replace("arch='i686'", "arch='x86_64'")
    .replace('qemu-system-i386', 'qemu-system-x86_64');
}

/** Defines `xml` (by default bootCdromXml(name)) as domain `name` on `uri`, through a file in `dir`. */
export function defineLocal(dir: string, uri: string, name: string, xml = bootCdromXml(name)): void {
  const file = path.join(dir, `${name}.xml`);
  fs.writeFileSync(file, xml);
  virshLocal(uri, 'define', file);
}

/**
 * An inventory of host `host` (reached as the monitoring account `monitor`, which sshd does not know)
 * and its guests `guests`; apply is on (the remediation account is root with `ssh.key`) unless `apply`
 * is false.
 */
export function labInventory(o: {
  host: string;
  ssh: RemediationSshd;
  libvirtUri: string;
  apply?: boolean;
  guests: readonly string[];
}): Inventory {
  const host: SshTargetConfig = {
    name: o.host,
    kind: 'host',
    address: '127.0.0.1',
    port: o.ssh.sshd.port,
    // the monitoring account: apply never uses it
    user: 'monitor',
    identityFile: null,
    knownHosts: o.ssh.knownHosts,
    trustOnFirstUse: false,
    via: null,
    libvirtUri: o.libvirtUri,
    domain: null,
    hostName: null,
    ...(o.apply === false ? {} : { remediation: { user: 'root', identityFile: o.ssh.key } }),
  };
  const guests = o.guests.map((name): SshTargetConfig => ({
    ...host,
    name,
    kind: 'guest',
    libvirtUri: null,
    domain: name,
    hostName: o.host,
  }));
  return {
    source: null,
    intervalMs: 60_000,
    timeoutMs: 10_000,
    concurrency: 4,
    targets: [host, ...guests],
    webhooks: [],
    rules: undefined as never,
  };
}

/** A stored remediation whose fix is `edit` on `domain` of `host` (what the libvirt apply reads). */
export function libvirtRemediation(
  host: string,
  domain: string,
  edit: ApplyPlan['edit'],
  o: { restartRequired?: boolean; summary?: string; reason?: string } = {},
): Remediation {
  const restartRequired = o.restartRequired ?? true;
  return {
    summary: o.summary ?? 's',
    reason: o.reason ?? 'r',
    steps: [],
    restartRequired,
    apply: { kind: 'libvirt-domain', host, domain, edit, restartRequired },
  };
}

/** The target row a finding is on: a host, or a guest of `hostName` (its host row made when missing). */
export type FindingTarget =
  | { kind: 'host'; name: string; address?: string }
  | { kind: 'guest'; name: string; hostName?: string; hostAddress?: string; domain?: string };

async function targetRow(db: Db, t: FindingTarget): Promise<number> {
  if (t.kind === 'host') {
    const create = { name: t.name, kind: 'host', ...(t.address ? { address: t.address } : {}) };
    return (await db.target.upsert({ where: { name: t.name }, update: {}, create })).id;
  }
  const h = t.hostName;
  const hostId = h
    ? (
        await db.target.upsert({
          where: { name: h },
          update: {},
          create: { name: h, kind: 'host', ...(t.hostAddress ? { address: t.hostAddress } : {}) },
        })
      ).id
    : undefined;
  const create = {
    name: t.name,
    kind: 'guest',
    ...(hostId === undefined ? {} : { hostId }),
    ...(t.domain ? { domain: t.domain } : {}),
  };
  return (await db.target.upsert({ where: { name: t.name }, update: {}, create })).id;
}

/** An open warning finding of `rule` on `target`, storing `remediation`; returns its id. */
export async function seedFinding(
  db: Db,
  o: {
    target: FindingTarget;
    rule: string;
    remediation: Remediation | Record<string, unknown>;
    summary?: string;
    subject?: string;
    pendingColdBootSince?: Date;
    /** when it opened (and was last updated); now by default */
    at?: Date;
  },
): Promise<number> {
  const now = o.at ?? new Date();
  const f = await db.finding.create({
    data: {
      targetId: await targetRow(db, o.target),
      rule: o.rule,
      ...(o.subject === undefined ? {} : { subject: o.subject }),
      severity: 'warning',
      state: 'open',
      summary: o.summary ?? o.rule,
      remediation: JSON.stringify(o.remediation),
      openedAt: now,
      updatedAt: now,
      ...(o.pendingColdBootSince ? { pendingColdBootSince: o.pendingColdBootSince } : {}),
    },
  });
  return f.id;
}
