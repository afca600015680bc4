// Reading a guest's entropy state through the QEMU guest agent, for guests nobody can log in to
// (pure: requests to send and replies to read; the transport is virsh qemu-agent-command, Proxmox's
// agent API, or the agent's socket). Protocol: QEMU's qga/qapi-schema.json — one JSON object per
// request, {"return": ...} or {"error": {"class", "desc"}} per reply:
//   guest-file-open {"path", "mode": "r"}  → handle (an integer)
//   guest-file-read {"handle", "count"}    → {"count", "buf-b64", "eof"}
//   guest-file-close {"handle"}            → {}
// RHEL's qemu-guest-agent blocks guest-file-* and guest-exec by default (/etc/sysconfig/qemu-ga
// --block-rpcs): the agent then answers {"error": {"class": "CommandNotFound", "desc": "Command
// guest-file-open has been disabled"}} and the guest stays in host view.

/** The files read for a guest's entropy state (the same ones the SSH probe reads). */
export const AGENT_FILES = {
  entropyAvail: '/proc/sys/kernel/random/entropy_avail',
  poolsize: '/proc/sys/kernel/random/poolsize',
  rngCurrent: '/sys/devices/virtual/misc/hw_random/rng_current',
} as const;

export type AgentField = keyof typeof AGENT_FILES;

/** A reply larger than this is not read (a /proc value is a few bytes; base64 of 4 KiB is 5.5 KiB). */
export const MAX_AGENT_REPLY_CHARS = 16 * 1024;

export type AgentReply =
  { ok: true; value: unknown } | { ok: false; errorClass: string; desc: string; blocked: boolean };

/** One request line for the agent. */
export function agentRequest(execute: string, args?: Record<string, unknown>): string {
  return JSON.stringify(args ? { execute, arguments: args } : { execute });
}

/** Reads one reply line; throws with a message an operator can act on when it is not an agent reply. */
export function parseAgentReply(line: string): AgentReply {
  if (line.length > MAX_AGENT_REPLY_CHARS)
    throw new Error(
      `guest agent reply is ${line.length} characters, over the ${MAX_AGENT_REPLY_CHARS} limit`,
    );
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    throw new Error(`guest agent reply is not JSON: ${JSON.stringify(line.slice(0, 60))}`);
  }
  if (typeof doc !== 'object' || doc === null) throw new Error('guest agent reply is not a JSON object');
  if ('return' in doc) return { ok: true, value: (doc as { return: unknown }).return };
  const error = (doc as { error?: { class?: unknown; desc?: unknown } }).error;
  if (error && typeof error === 'object') {
    const errorClass = typeof error.class === 'string' ? error.class : 'GenericError';
    const desc = typeof error.desc === 'string' ? error.desc.slice(0, 240) : '';
    // qemu-ga says "Command X has been disabled" (7.x; "The command X has been disabled for this
    // instance" before) for a command --block-rpcs blocks, and CommandNotFound for one it lacks.
    const blocked = /has been disabled/.test(desc) || errorClass === 'CommandNotFound';
    return { ok: false, errorClass, desc, blocked };
  }
  throw new Error('guest agent reply has neither "return" nor "error"');
}

/** The file handle guest-file-open returned. */
export function openedHandle(reply: AgentReply): number {
  if (!reply.ok) throw new Error(`guest-file-open failed: ${reply.errorClass}: ${reply.desc}`);
  if (typeof reply.value !== 'number' || !Number.isSafeInteger(reply.value))
    throw new Error('guest-file-open returned no handle');
  return reply.value;
}

/** The text guest-file-read returned (the agent sends it base64-encoded). */
export function readText(reply: AgentReply): string {
  if (!reply.ok) throw new Error(`guest-file-read failed: ${reply.errorClass}: ${reply.desc}`);
  const v = reply.value as { 'buf-b64'?: unknown } | null;
  const b64 = v && typeof v === 'object' ? v['buf-b64'] : undefined;
  if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
    throw new Error('guest-file-read returned no buf-b64');
  return Buffer.from(b64, 'base64').toString('utf8');
}

export interface AgentEntropy {
  entropyAvail: number | null;
  poolsize: number | null;
  rngCurrent: string | null;
  /** field → why it is null, in the words of the probe's fieldErrors */
  fieldErrors: Record<string, string>;
}

/** The guest's entropy state from each file's text (or the failure that kept it from being read). */
export function agentEntropy(
  results: Record<AgentField, string | { blocked: boolean; why: string }>,
): AgentEntropy {
  const out: AgentEntropy = { entropyAvail: null, poolsize: null, rngCurrent: null, fieldErrors: {} };
  const count = (t: string) => (/^\d{1,15}$/.test(t.trim()) ? Number(t.trim()) : null);
  for (const field of Object.keys(AGENT_FILES) as AgentField[]) {
    const r = results[field];
    if (typeof r !== 'string') {
      out.fieldErrors[field] = r.blocked
        ? `the guest agent blocks guest-file-* (${r.why}): host view only`
        : `guest agent: ${r.why}`;
      continue;
    }
    const value = field === 'rngCurrent' ? (/^\S{1,64}$/.test(r.trim()) ? r.trim() : null) : count(r);
    if (value === null) out.fieldErrors[field] = `guest agent: malformed: ${JSON.stringify(r.slice(0, 40))}`;
    else if (field === 'rngCurrent') out.rngCurrent = value as string;
    else out[field] = value as number;
  }
  return out;
}
