// The guest-agent reader against QEMU's real qemu-ga, listening on a unix socket without a VM
// (`qemu-ga -m unix-listen -p PATH`): it answers exactly as inside a guest, for this machine's files.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AGENT_FILES,
  agentEntropy,
  agentRequest,
  openedHandle,
  parseAgentReply,
  readText,
  type AgentField,
} from './guest-agent';

const dir = mkdtempSync(path.join(tmpdir(), 'ew-qga-'));
const agents: ChildProcess[] = [];

afterAll(() => {
  for (const a of agents) if (a.pid) process.kill(a.pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startAgent(name: string, blockRpcs: string[] = []): Promise<string> {
  const sock = path.join(dir, `${name}.sock`);
  const args = ['-m', 'unix-listen', '-p', sock, '-t', dir];
  if (blockRpcs.length > 0) args.push(`--block-rpcs=${blockRpcs.join(',')}`);
  const agent = spawn('/usr/sbin/qemu-ga', args, { stdio: 'ignore' });
  agents.push(agent);
  // Up to 30 s: a loaded machine may take a while to start the agent.
  for (let i = 0; i < 1200 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 25));
  return sock;
}

// qemu-ga creates its socket file before it listens: on a loaded machine a connect can fall in between.
async function connectWhenListening(sock: string): Promise<net.Socket> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const conn = net.connect(sock);
    try {
      await new Promise<void>((resolve, reject) => conn.once('connect', resolve).once('error', reject));
      return conn;
    } catch (e) {
      conn.destroy();
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ECONNREFUSED' && code !== 'ENOENT') || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A minimal client: one request line out, one reply line back. */
async function session(sock: string) {
  const conn = await connectWhenListening(sock);
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  conn.on('data', (d) => {
    buffer += d.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  const ask = (line: string) =>
    new Promise<string>((resolve) => {
      waiting.push(resolve);
      conn.write(`${line}\n`);
    });
  return { ask, close: () => conn.destroy() };
}

async function readThroughAgent(sock: string) {
  const s = await session(sock);
  const results = {} as Record<AgentField, string | { blocked: boolean; why: string }>;
  try {
    for (const [field, file] of Object.entries(AGENT_FILES) as [AgentField, string][]) {
      const opened = parseAgentReply(await s.ask(agentRequest('guest-file-open', { path: file, mode: 'r' })));
      if (!opened.ok) {
        results[field] = { blocked: opened.blocked, why: opened.desc };
        continue;
      }
      const handle = openedHandle(opened);
      const text = readText(
        parseAgentReply(await s.ask(agentRequest('guest-file-read', { handle, count: 4096 }))),
      );
      parseAgentReply(await s.ask(agentRequest('guest-file-close', { handle })));
      results[field] = text;
    }
  } finally {
    s.close();
  }
  return agentEntropy(results);
}

describe('the guest agent path, against a real qemu-ga', () => {
  it('reads entropy_avail, poolsize and rng_current as the agent of this machine sees them', async () => {
    const e = await readThroughAgent(await startAgent('open'));
    const read = (f: string) => readFileSync(f, 'utf8').trim();
    expect(e.poolsize).toBe(Number(read(AGENT_FILES.poolsize)));
    expect(e.entropyAvail).toBeGreaterThanOrEqual(0);
    expect(e.entropyAvail).toBeLessThanOrEqual(e.poolsize ?? 0);
    if (existsSync(AGENT_FILES.rngCurrent)) expect(e.rngCurrent).toBe(read(AGENT_FILES.rngCurrent));
    else expect(e.fieldErrors.rngCurrent).toMatch(/^guest agent: /);
  });

  it('says plainly when the agent blocks guest-file-* (RHEL default) and keeps the guest in host view', async () => {
    const e = await readThroughAgent(await startAgent('blocked', ['guest-file-open', 'guest-exec']));
    expect(e).toMatchObject({ entropyAvail: null, poolsize: null, rngCurrent: null });
    expect(e.fieldErrors.entropyAvail).toBe(
      'the guest agent blocks guest-file-* (Command guest-file-open has been disabled): host view only',
    );
  });
});

describe('parseAgentReply', () => {
  it('refuses what is not an agent reply', () => {
    expect(() => parseAgentReply('garbage')).toThrow(/not JSON/);
    expect(() => parseAgentReply('{"hello":1}')).toThrow(/neither "return" nor "error"/);
    expect(() => parseAgentReply(`{"return":"${'x'.repeat(20000)}"}`)).toThrow(/over the 16384 limit/);
    expect(() => readText({ ok: true, value: { 'buf-b64': 'not base64!' } })).toThrow(/no buf-b64/);
  });
});
