// The agent output parser on recorded exchanges with a real qemu-ga (./fixtures/qga-exchange.txt),
// shaped as virsh and pvesh print them, plus what a hostile agent may answer.
import { describe, expect, it } from 'vitest';
import { AGENT_READS, type AgentPlan } from './agent-plan';
import { fixture } from './qemu-fixtures';
import { classifyAgentFailure, slotReplies, withAgentReads } from './parse-agent';
import type { Domain } from './types';

const NONCE = '5e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const UUID = '6f0e2a1c-4b3d-4e5f-8a7b-9c0d1e2f3a4b';

/** The recorded replies of one run ("open" or "blocked"), in order. */
function recorded(label: 'open' | 'blocked'): string[] {
  return fixture('qga-exchange.txt')
    .split('\n')
    .filter((l) => l.startsWith(`${label} < `))
    .map((l) => l.slice(`${label} < `.length));
}

// libvirt re-serialises the agent's reply compactly (virJSONValueToString(reply, false)).
const compact = (line: string) => JSON.stringify(JSON.parse(line));

function frame(...sections: [string, string[], string?][]): string {
  return [
    'EW-PROBE 1',
    ...sections.flatMap(([key, lines, close]) => [
      `@@ ${key}`,
      ...lines.map((l) => `|${l}`),
      close ?? '@= ok',
    ]),
    'EW-END',
    '',
  ].join('\n');
}

const libvirtDomain: Domain = {
  name: 'tenant-42',
  uuid: UUID,
  state: 'running',
  genid: null,
  disks: [],
  rngs: [],
  agentChannel: true,
};
const pveDomain: Domain = {
  ...libvirtDomain,
  name: 'tenant-pve',
  uuid: null,
  platform: 'proxmox',
  vmid: 202,
};
const plan = (d: Domain, platform: 'libvirt' | 'proxmox', id: string): AgentPlan => ({
  targets: [{ index: 0, name: d.name, platform, id }],
  decided: new Map(),
});

function libvirtRun(label: 'open' | 'blocked') {
  const replies = recorded(label);
  if (label === 'blocked') {
    // virsh prints nothing on stdout for a failed command and says why on stderr (qemuAgentCheckError).
    return frame(
      ['agent.0.open', [`EWM ${NONCE} 0`]],
      [
        'agent.0.err',
        [
          "error: internal error: unable to execute QEMU agent command 'guest-file-open': Command guest-file-open has been disabled",
        ],
      ],
    );
  }
  // open, read, close per file in the recording
  const open = AGENT_READS.flatMap((_r, k) => [`EWM ${NONCE} ${k}`, compact(replies[k * 3] ?? '')]);
  const read = AGENT_READS.flatMap((_r, k) => [
    `EWM ${NONCE} ${k}`,
    compact(replies[k * 3 + 1] ?? ''),
    compact(replies[k * 3 + 2] ?? ''),
  ]);
  return frame(['agent.0.open', open], ['agent.0.err', []], ['agent.0.read', read], ['agent.0.read.err', []]);
}

describe('withAgentReads on recorded qemu-ga exchanges', () => {
  it('reads a guest through virsh: values, kernel and uptime from the agent', () => {
    const [d] = withAgentReads([libvirtDomain], plan(libvirtDomain, 'libvirt', UUID), NONCE, {
      ok: true,
      stdout: libvirtRun('open'),
    });
    expect(d?.agent).toEqual({
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
  });

  it('says plainly that the agent blocks guest-file-open', () => {
    const [d] = withAgentReads([libvirtDomain], plan(libvirtDomain, 'libvirt', UUID), NONCE, {
      ok: true,
      stdout: libvirtRun('blocked'),
    });
    expect(d?.agent?.status).toBe('blocked');
    expect(d?.agent?.reason).toMatch(/^the guest agent refuses guest-file-open \(blocked by its policy/);
  });

  it('reads a Proxmox VE guest from pvesh file-read replies', () => {
    const contents = [
      '3210\n',
      '4096\n',
      '4.18.0-553.el8_10.x86_64\n',
      '86400.00 172800.00\n',
      'virtio_rng.0 tpm-rng\n',
      'virtio_rng.0\n',
    ];
    const stdout = frame(
      ...contents.map((c, k): [string, string[]] => [
        `agent.0.${k}`,
        [JSON.stringify({ 'bytes-read': c.length, content: c })],
      ]),
    );
    const [d] = withAgentReads([pveDomain], plan(pveDomain, 'proxmox', '202'), NONCE, { ok: true, stdout });
    expect(d?.agent).toMatchObject({
      status: 'read',
      via: 'pvesh get /nodes/<node>/qemu/202/agent/file-read',
      poolsize: 4096,
      rngAvailable: ['virtio_rng.0', 'tpm-rng'],
    });
  });

  it('keeps a missing rng_current as a field error, the rest read', () => {
    const stdout = frame(
      ...['3210\n', '256\n', '6.1.0-27-amd64\n', '90.5 100.0\n', '\n'].map((c, k): [string, string[]] => [
        `agent.0.${k}`,
        [JSON.stringify({ content: c })],
      ]),
      ['agent.0.5', [], "@= error exit 255: Agent error: can't open file: No such file or directory"],
    );
    const [d] = withAgentReads([pveDomain], plan(pveDomain, 'proxmox', '202'), NONCE, { ok: true, stdout });
    expect(d?.agent).toMatchObject({
      status: 'read',
      entropyAvail: 3210,
      uptimeSec: 90.5,
      rngAvailable: [],
      rngCurrent: null,
    });
    expect(d?.agent?.fieldErrors).toEqual({
      rngCurrent: "guest agent: Agent error: can't open file: No such file or directory",
    });
  });
});

describe('a hostile guest agent', () => {
  const read = (contents: string[]) => {
    const stdout = frame(
      ...contents.map((c, k): [string, string[]] => [`agent.0.${k}`, [JSON.stringify({ content: c })]]),
    );
    return withAgentReads([pveDomain], plan(pveDomain, 'proxmox', '202'), NONCE, { ok: true, stdout })[0]
      ?.agent;
  };

  it('cannot put control or bidi characters, or an over-long kernel, into a value', () => {
    const a = read([
      '12\n',
      '256\n',
      `6.1.0\u001b]52;c;x\u0007\n`,
      '1 2\n',
      `a ${'b '.repeat(40)}\n`,
      `virtio\u202erng\n`,
    ]);
    expect(a?.kernelRelease).toBeNull();
    expect(a?.rngCurrent).toBeNull();
    expect(a?.rngAvailable).toBeNull();
    expect(a?.fieldErrors.rngAvailable).toMatch(/^refused: too many hwrng names \(41, at most 32\)/);
    expect(a?.fieldErrors.kernelRelease).toMatch(/^refused: kernel release has invalid characters/);
    expect(a?.fieldErrors.rngCurrent).toMatch(/^refused: hwrng name has invalid characters/);
    expect(
      read(['1\n', '256\n', `${'6'.repeat(65)}\n`, '1\n', 'x\n', 'x\n'])?.fieldErrors.kernelRelease,
    ).toMatch(/too long/);
  });

  it('cannot pass a number that is not one, nor a reply over 16 KiB', () => {
    const a = read(['-5\n', '1e9\n', '6.1.0\n', 'up\n', 'x\n', 'x\n']);
    expect([a?.entropyAvail, a?.poolsize, a?.uptimeSec]).toEqual([null, null, null]);
    const huge = read([`${'1'.repeat(20_000)}\n`, '256\n', '6.1.0\n', '1\n', 'x\n', 'x\n']);
    expect(huge?.entropyAvail).toBeNull();
    expect(huge?.fieldErrors.entropyAvail).toMatch(/over 16384/);
  });

  it('cannot forge another slot: a reply line is taken only after its own marker, with this poll nonce', () => {
    expect(
      slotReplies(
        [`EWM guess 0`, '{"return":7}', `EWM ${NONCE} 1`, '{"return":8}', '{"return":9}'],
        NONCE,
        5,
      ),
    ).toEqual([null, '{"return":8}', null, null, null]);
  });
});

describe('classifyAgentFailure', () => {
  it.each([
    ['Guest agent is not responding: QEMU guest agent is not connected', 'not-responding'],
    [
      "VM 202 qmp command 'guest-file-open' failed - unable to connect to VM 202 qga socket - timeout after 31 retries",
      'not-responding',
    ],
    ['No QEMU guest agent configured', 'no-agent'],
    ['Agent error: Command guest-file-open has been disabled', 'blocked'],
    ['operation forbidden: read only access prevents virDomainQemuAgentCommand', 'error'],
    ['something else entirely', 'error'],
  ])('%s → %s', (text, status) => {
    expect(classifyAgentFailure(text).status).toBe(status);
  });
});
