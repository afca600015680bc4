// The libvirt side of the guest-agent read (./script-sh-agent.ts → ./parse-agent.ts), run by the
// collector's own wiring (lib/collector/agent-read.ts) through the local transport (/bin/sh -s):
// 1. a REAL libvirtd running a REAL (TCG) domain with an agent channel but no guest OS: virsh answers
//    "QEMU guest agent is not connected" and the guest stays in host view with that reason;
//    and libvirt's refusal of qemu-agent-command on a read-only connection (why the agent read uses a
//    read-write one).
// 2. the success path: a running guest agent inside a libvirt domain needs a guest OS, which the lab
//    does not have. So the exact virsh batches the script sends are parsed by REAL virsh (`echo` in
//    place of qemu-agent-command, on the test driver), the parsed requests go to a REAL qemu-ga, and
//    its replies come back as libvirt prints them: re-serialised compactly (qemuAgentArbitraryCommand
//    returns virJSONValueToString(reply, false), src/qemu/qemu_agent.c) or, for an agent error,
//    "error: internal error: unable to execute QEMU agent command '<cmd>': <desc>" (qemuAgentCheckError).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineDomain,
  removeDomain,
  tinyDomainXml,
  uniqueDomainName,
  useTestLibvirtd,
  virshSystem,
  type TestLibvirtd,
} from '../../test/support/libvirtd';
import { RHEL_BLOCKED_RPCS, startGuestAgent, type RunningGuestAgent } from '../../test/support/qemu-ga';
import { readGuestAgents } from '../collector/agent-read';
import { createLocalTransport } from '../transport/local-transport';
import type { SshTargetConfig } from '../inventory/types';
import { parseDomainXml } from './domain-xml';
import { classifyAgentFailure } from './parse-agent';
import type { Domain, Observation } from './types';

const AGENT_CHANNEL =
  "    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>\n";

let dir: string;
let libvirtd: TestLibvirtd | null = null;
const domains: string[] = [];
const agents: RunningGuestAgent[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-agent-virsh-'));
});

afterAll(() => {
  for (const d of domains) removeDomain(d);
  libvirtd?.release();
  for (const a of agents) a.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function host(uri: string): SshTargetConfig {
  return {
    name: 'kvm-local',
    kind: 'host',
    address: '127.0.0.1',
    port: 22,
    user: 'root',
    identityFile: null,
    knownHosts: '/dev/null',
    trustOnFirstUse: false,
    via: null,
    libvirtUri: uri,
    domain: null,
    hostName: null,
  };
}

function observationWith(domain: Domain): Observation {
  return {
    kernelRelease: null,
    uptimeSec: null,
    entropyAvail: null,
    poolsize: null,
    rngAvailable: null,
    rngCurrent: null,
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
    fieldErrors: {},
    host: { holders: [], domains: [domain], platform: 'libvirt' },
  };
}

async function agentRead(uri: string, domain: Domain) {
  const scope = { hostView: [domain.name], discover: false, polled: [] };
  const obs = await readGuestAgents(
    createLocalTransport(),
    host(uri),
    observationWith(domain),
    scope,
    60_000,
  );
  return obs.host?.domains[0]?.agent;
}

describe('a running libvirt domain with an agent channel and no guest OS (real libvirtd)', () => {
  it('is asked through virsh and stays in host view: "agent not responding"', async () => {
    libvirtd = useTestLibvirtd();
    const name = uniqueDomainName('agent');
    domains.push(name);
    defineDomain(dir, name, tinyDomainXml({ name, extraDevices: AGENT_CHANNEL }));
    virshSystem('start', name);
    // The channel is read from the domain's real XML, as the host probe reads it.
    const domain = { ...parseDomainXml(virshSystem('dumpxml', '--inactive', name)), state: 'running' };
    expect(domain.agentChannel).toBe(true);
    const agent = await agentRead(libvirtd.uri, domain);
    expect(agent).toMatchObject({
      status: 'not-responding',
      reason: 'agent not responding: Guest agent is not responding: QEMU guest agent is not connected',
      via: 'virsh qemu-agent-command',
      entropyAvail: null,
    });
  });

  it('needs a read-write connection: libvirt refuses qemu-agent-command on virsh -r', () => {
    const name = domains[0];
    if (!name) throw new Error('the domain of the first test is missing');
    const r = spawnSync(
      'virsh',
      ['-r', '-c', 'qemu:///system', 'qemu-agent-command', name, '{"execute":"guest-ping"}'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('read only access prevents virDomainQemuAgentCommand');
    expect(classifyAgentFailure(r.stderr).reason).toMatch(
      /^virsh qemu-agent-command needs a read-write libvirt connection/,
    );
  });
});

/** A `virsh` first on PATH: real virsh parses each batch, a real qemu-ga answers, libvirt's output shape. */
function writeRelay(binDir: string, socket: string, log: string): void {
  fs.mkdirSync(binDir, { recursive: true });
  const file = path.join(binDir, 'virsh');
  fs.writeFileSync(
    file,
    `#!${process.execPath}
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const argv = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(argv) + '\\n');
const batch = argv[argv.length - 1];
const echoed = batch.replace(/qemu-agent-command --timeout \\d+ [0-9a-f-]{36} /g, 'echo EWQ ');
const parsed = execFileSync('/usr/bin/virsh', ['-c', 'test:///default', echoed], { encoding: 'utf8' });
const conn = net.connect(${JSON.stringify(socket)});
let buf = '';
const waiting = [];
conn.on('data', (d) => {
  buf += d;
  let nl;
  while ((nl = buf.indexOf('\\n')) >= 0) { const l = buf.slice(0, nl); buf = buf.slice(nl + 1); waiting.shift()(l); }
});
const ask = (line) => new Promise((r) => { waiting.push(r); conn.write(line + '\\n'); });
conn.on('connect', async () => {
  for (const line of parsed.split('\\n')) {
    if (!line.startsWith('EWQ ')) { if (line) process.stdout.write(line + '\\n'); continue; }
    const request = line.slice(4);
    const reply = JSON.parse(await ask(request));
    if (reply.error) process.stderr.write("error: internal error: unable to execute QEMU agent command '" + JSON.parse(request).execute + "': " + reply.error.desc + '\\n');
    else process.stdout.write(JSON.stringify(reply) + '\\n');
  }
  conn.end();
});
`,
  );
  fs.chmodSync(file, 0o755);
}

describe('the libvirt success path: real virsh parsing, real qemu-ga answering', () => {
  const uuid = '6f0e2a1c-4b3d-4e5f-8a7b-9c0d1e2f3a4b';
  const domain: Domain = {
    name: 'tenant-42',
    uuid,
    state: 'running',
    genid: null,
    disks: [],
    rngs: [],
    agentChannel: true,
  };

  async function viaRelay(label: string, blockRpcs: string[] = []) {
    const guest = {
      entropyAvail: 3210,
      poolsize: 4096,
      osrelease: '4.18.0-553.el8_10.x86_64',
      uptimeSec: 86400,
      rngAvailable: 'virtio_rng.0',
      rngCurrent: 'virtio_rng.0',
    };
    const agent = await startGuestAgent(dir, label, guest, blockRpcs);
    agents.push(agent);
    const log = path.join(dir, `${label}.argv.log`);
    writeRelay(path.join(dir, `${label}-bin`), agent.socket, log);
    const savedPath = process.env.PATH;
    process.env.PATH = `${path.join(dir, `${label}-bin`)}:${savedPath}`;
    try {
      const read = await agentRead('qemu:///system', domain);
      const calls = fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as string[]);
      return { read, calls };
    } finally {
      process.env.PATH = savedPath;
    }
  }

  it("reads a RHEL 8 guest's entropy state (legacy pool, kernel 4.18) with three virsh processes", async () => {
    const { read, calls } = await viaRelay('ok');
    expect(read).toEqual({
      status: 'read',
      reason: null,
      via: 'virsh qemu-agent-command',
      entropyAvail: 3210,
      poolsize: 4096,
      kernelRelease: '4.18.0-553.el8_10.x86_64',
      uptimeSec: 86400,
      rngAvailable: ['virtio_rng.0'],
      rngCurrent: 'virtio_rng.0',
      fieldErrors: {},
    });
    expect(calls).toHaveLength(3);
    // The exact argv: a read-write connection, the first file alone, then the other five, then reads.
    expect(calls[0]?.slice(0, 2)).toEqual(['-c', 'qemu:///system']);
    expect(calls[0]?.[2]).toMatch(
      new RegExp(
        `^echo EWM [0-9a-f-]{36} 0; qemu-agent-command --timeout 2 ${uuid} ` +
          `'\\{"execute":"guest-file-open","arguments":\\{"path":"/proc/sys/kernel/random/entropy_avail","mode":"r"\\}\\}';$`,
      ),
    );
    expect(calls[1]?.[2]?.match(/guest-file-open/g)).toHaveLength(5);
    expect(calls[2]?.[2]?.match(/guest-file-read/g)).toHaveLength(6);
    expect(calls[2]?.[2]?.match(/guest-file-close/g)).toHaveLength(6);
  });

  it('says plainly when the agent blocks guest-file-* (RHEL default), after one virsh process', async () => {
    const { read, calls } = await viaRelay('blocked', RHEL_BLOCKED_RPCS);
    expect(read?.status).toBe('blocked');
    expect(read?.reason).toBe(
      "the guest agent refuses guest-file-open (blocked by its policy: --block-rpcs/--allow-rpcs, RHEL's default): " +
        "internal error: unable to execute QEMU agent command 'guest-file-open': Command guest-file-open has been disabled",
    );
    expect(calls).toHaveLength(1);
  });
});
