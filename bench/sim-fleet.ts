// A simulated fleet for bench/scale.ts: one in-process ssh2 Server per target (each on its own
// 127.0.0.1 port, each with its own ed25519 host key), answering the real probe (`/bin/sh -s`, the
// script on stdin) with the recorded outputs of lib/probe/probe-fixtures.ts: a legacy libvirt host
// (three domains) and two modern guests (web-1, db-1) per group. Each target's machine-id, host key
// lines and random-seed hash are made its own, so the fleet holds no clones. No sshd, no shell: the
// collector side is what gets measured. Authentication accepts any public key (a bench, not a lab).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ssh2, { type Connection, type Server } from 'ssh2';
import { legacyHostOutput, MODERN_GUEST } from '../lib/probe/probe-fixtures';
import { knownHostsName } from '../lib/transport/known-hosts';
import { inventoryYaml, type InventoryHost } from '../test/lab/inventory-file';

export interface SimTarget {
  name: string;
  kind: 'host' | 'guest';
  port: number;
  hostKeyLine: string;
}

/** Starts the line bench/sim-fleet-child.ts prints its targets on. */
export const SIM_READY_MARKER = 'EW-SIM-READY ';

const HOST_OUTPUT = legacyHostOutput();
const GUEST_DOMAINS = ['web-1', 'db-1'] as const;

/** An ed25519 pair ssh2 can read back: now and then it generates a private key its own parser rejects. */
function keyPair(): { private: string; public: string } {
  for (let i = 0; i < 10; i++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error('ssh2 generated 10 unreadable ed25519 keys in a row');
}

const hex = (seed: string, len: number) => createHash('sha256').update(seed).digest('hex').slice(0, len);

/** The recorded output with this target's own identity (machine-id, host keys, seed hash). Pure. */
export function personalise(output: string, name: string, hostKeyLine: string): string {
  return output
    .replace(/^@@ machine_id\n\|.*$/m, `@@ machine_id\n|${hex(`machine ${name}`, 32)}`)
    .replace(/^@@ ssh_host_keys\n(?:\|.*\n)+/m, `@@ ssh_host_keys\n|${hostKeyLine} root@${name}\n`)
    .replace(/^@@ random_seed_sha256\n\|.*$/m, `@@ random_seed_sha256\n|${hex(`seed ${name}`, 64)}  -`);
}

function answer(client: Connection, output: string): void {
  client.on('error', () => undefined);
  client.on('authentication', (ctx) =>
    ctx.method === 'publickey' ? ctx.accept() : ctx.reject(['publickey']),
  );
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('exec', (acceptExec, reject, info) => {
        if (info.command !== '/bin/sh -s') {
          reject();
          return;
        }
        const stream = acceptExec();
        stream.on('data', () => undefined); // the probe script: read and ignored
        stream.on('end', () => {
          stream.write(output);
          stream.exit(0);
          stream.end();
        });
      });
    });
  });
}

export class SimFleet {
  readonly targets: SimTarget[] = [];
  private readonly servers: Server[] = [];

  /**
   * Starts `count` targets in groups of one host and two guests (the last group may be cut short),
   * numbered from `first` (a multiple of 3, so groups stay whole across processes).
   */
  static async start(count: number, first = 0): Promise<SimFleet> {
    if (first % 3 !== 0) throw new Error(`first must be a multiple of 3, got ${first}`);
    const fleet = new SimFleet();
    try {
      for (let i = first; i < first + count; i++) {
        const group = Math.floor(i / 3);
        const kind = i % 3 === 0 ? 'host' : 'guest';
        const name = kind === 'host' ? `host-${group}` : `${GUEST_DOMAINS[(i % 3) - 1]}.host-${group}`;
        const key = keyPair();
        const hostKeyLine = key.public.trim().split(/\s+/).slice(0, 2).join(' ');
        const output = personalise(kind === 'host' ? HOST_OUTPUT : MODERN_GUEST, name, hostKeyLine);
        const server = new ssh2.Server({ hostKeys: [key.private] }, (client) => answer(client, output));
        fleet.servers.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve());
        });
        const port = (server.address() as { port: number }).port;
        fleet.targets.push({ name, kind, port, hostKeyLine });
      }
    } catch (e) {
      await fleet.stop();
      throw e;
    }
    return fleet;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    );
  }
}

/** Writes a client key, known_hosts and one inventory per shard into `dir`; returns the inventory paths. */
export function writeInventories(
  targets: readonly SimTarget[],
  dir: string,
  shards: number,
  concurrency: number,
): string[] {
  const identityFile = path.join(dir, 'id_ed25519');
  fs.writeFileSync(identityFile, keyPair().private, { mode: 0o600 });
  const knownHosts = path.join(dir, 'known_hosts');
  const pins = targets.map((t) => `${knownHostsName('127.0.0.1', t.port)} ${t.hostKeyLine}`);
  fs.writeFileSync(knownHosts, `${pins.join('\n')}\n`);
  const hosts: InventoryHost[] = [];
  for (const t of targets) {
    if (t.kind === 'host') {
      hosts.push({ name: t.name, port: t.port, libvirtUri: 'qemu:///system', guests: [] });
    } else {
      hosts[hosts.length - 1]!.guests.push({
        name: t.name,
        domain: t.name.split('.')[0]!,
        port: t.port,
        via: null,
      });
    }
  }
  // A host and its guests stay in one shard, as the lease planner keeps them together.
  return Array.from({ length: shards }, (_, k) => {
    const file = path.join(dir, `inventory-${k}.yaml`);
    const mine = hosts.filter((_, i) => i % shards === k);
    const settings = { interval: '60s', timeout: '30s', concurrency };
    fs.writeFileSync(file, inventoryYaml({ settings, identityFile, knownHosts, hosts: mine }));
    return file;
  });
}
