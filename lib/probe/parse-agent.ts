// Reads the agent script's output (./script-sh-agent.ts) into one GuestAgentRead per asked guest (pure).
// The replies come from inside the guests, so they are untrusted: every reply line is bounded
// (./guest-agent.ts refuses lines over 16 KiB), every value passes the probe's input policy, a
// section belongs to the guest the script asked (by index, never by anything the reply says), and the
// work is one pass over the lines.
import { AGENT_READS, notRead, type AgentPlan, type AgentReadField, type AgentTarget } from './agent-plan';
import { parseAgentReply, readText, openedHandle, type AgentReply } from './guest-agent';
import { checkCount, checkText, escapeForbidden } from './input-policy';
import { COUNTS, RULES } from './field-rules';
import { describeFailure, parseProbeFrame, type ProbeSection } from './parse-frame';
import type { Domain, GuestAgentRead } from './types';

type Sections = Map<string, ProbeSection>;
type Outcome = { ok: true; text: string } | { ok: false; why: string };

/** A reason in plain words, shown on the guest page: escaped, one line, cut. */
function clean(text: string, max = 240): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return escapeForbidden(one.length > max ? `${one.slice(0, max)}…` : one);
}

/** What a failure means for the guest: blocked, not responding, no agent, or another error. */
export function classifyAgentFailure(text: string): { status: GuestAgentRead['status']; reason: string } {
  const said = clean(text);
  if (/has been disabled|CommandNotFound/i.test(text))
    return {
      status: 'blocked',
      reason:
        'the guest agent refuses guest-file-open (blocked by its policy: --block-rpcs/--allow-rpcs, ' +
        `RHEL's default): ${said}`,
    };
  if (/read only access prevents/i.test(text))
    return {
      status: 'error',
      reason: `virsh qemu-agent-command needs a read-write libvirt connection for the monitoring account: ${said}`,
    };
  if (/No Qemu Guest Agent|No QEMU guest agent configured/i.test(text))
    return { status: 'no-agent', reason: `no guest agent configured: ${said}` };
  if (
    /not responding|not connected|qga socket|timed? ?out|not running|Resource temporarily unavailable/i.test(
      text,
    )
  )
    return { status: 'not-responding', reason: `agent not responding: ${said}` };
  return { status: 'error', reason: `guest agent read failed: ${said || 'no reason given'}` };
}

/** Splits one virsh batch's stdout into the reply line of each slot (markers `EWM <nonce> <slot>`). */
export function slotReplies(lines: readonly string[], nonce: string, slots: number): (string | null)[] {
  const replies: (string | null)[] = Array.from({ length: slots }, () => null);
  const marker = `EWM ${nonce} `;
  let slot = -1;
  for (const line of lines) {
    if (line.startsWith(marker)) {
      const n = Number(line.slice(marker.length));
      slot = Number.isInteger(n) && n >= 0 && n < slots ? n : -1;
      continue;
    }
    // The first line after a marker is the slot's reply; a second one (the close's) is ignored.
    if (slot >= 0 && line.trim() !== '' && replies[slot] === null) replies[slot] = line;
  }
  return replies;
}

function errText(sections: Sections, key: string): string {
  // virsh says the same thing once per failed command: each reason once.
  const lines = (sections.get(key)?.lines ?? [])
    .map((l) => l.replace(/^error: /, ''))
    .filter((l) => l.trim() !== '');
  return [...new Set(lines)].join(' / ');
}

function replyOrWhy(line: string | null, fallback: string): { reply: AgentReply } | { why: string } {
  if (line === null) return { why: fallback };
  try {
    return { reply: parseAgentReply(line) };
  } catch (err) {
    return { why: (err as Error).message };
  }
}

function libvirtOutcomes(sections: Sections, i: number, nonce: string): Outcome[] {
  const n = AGENT_READS.length;
  const open = sections.get(`agent.${i}.open`);
  if (open?.status !== 'ok')
    return Array.from({ length: n }, () => ({ ok: false, why: describeFailure(open) }));
  const openErr = errText(sections, `agent.${i}.err`) || 'virsh printed no reply';
  const readErr = errText(sections, `agent.${i}.read.err`) || 'virsh printed no reply';
  const opened = slotReplies(open.lines, nonce, n);
  const read = slotReplies(sections.get(`agent.${i}.read`)?.lines ?? [], nonce, n);
  return opened.map((line, slot): Outcome => {
    const o = replyOrWhy(line, openErr);
    if ('why' in o) return { ok: false, why: o.why };
    if (!o.reply.ok) return { ok: false, why: `${o.reply.errorClass}: ${o.reply.desc}` };
    try {
      openedHandle(o.reply);
      const r = replyOrWhy(read[slot] ?? null, readErr);
      if ('why' in r) return { ok: false, why: r.why };
      return { ok: true, text: readText(r.reply) };
    } catch (err) {
      return { ok: false, why: (err as Error).message };
    }
  });
}

// qemu-server's file-read answers {"content": "...", "bytes-read": N} (PVE/API2/Qemu/Agent.pm).
function pveOutcome(section: ProbeSection | undefined): Outcome {
  // pvesh's own words ("Agent error: ..."), without the frame's "error: exit 255: "
  if (section?.status === 'error')
    return { ok: false, why: section.detail.replace(/^exit \d+: /, '') || 'pvesh failed' };
  if (section?.status !== 'ok') return { ok: false, why: describeFailure(section) };
  const line = section.lines.find((l) => l.trim() !== '') ?? '';
  if (line.length > 16 * 1024)
    return { ok: false, why: `pvesh printed ${line.length} characters, over 16384` };
  try {
    const doc = JSON.parse(line) as { content?: unknown; truncated?: unknown };
    if (typeof doc?.content !== 'string') return { ok: false, why: 'pvesh file-read returned no content' };
    if (doc.truncated) return { ok: false, why: 'pvesh file-read returned a truncated file' };
    return { ok: true, text: doc.content };
  } catch {
    return { ok: false, why: `pvesh printed no JSON: ${clean(line, 60)}` };
  }
}

type Values = Pick<GuestAgentRead, AgentReadField>;

function valueOf(field: AgentReadField, text: string): { value: Values[AgentReadField] } | { why: string } {
  const t = text.trim();
  if (field === 'entropyAvail' || field === 'poolsize')
    return /^\d{1,15}$/.test(t)
      ? { value: Number(t) }
      : { why: `malformed: ${JSON.stringify(clean(t, 40))}` };
  if (field === 'uptimeSec') {
    const first = /^(\d{1,12}(?:\.\d{1,3})?)(?:\s|$)/.exec(t)?.[1];
    return first ? { value: Number(first) } : { why: `malformed: ${JSON.stringify(clean(t, 40))}` };
  }
  if (field === 'rngAvailable') {
    const names = t === '' ? [] : t.split(/\s+/);
    const tooMany = checkCount(names.length, COUNTS.rngAvailable, 'hwrng names');
    if (tooMany) return { why: tooMany };
    for (const n of names) {
      const refused = checkText(n, RULES.rngName);
      if (refused) return { why: refused };
    }
    return { value: names };
  }
  const refusal = checkText(t, field === 'kernelRelease' ? RULES.kernelRelease : RULES.rngName);
  if (refusal) return { why: refusal };
  return t === '' ? { why: 'empty' } : { value: t };
}

/** The read of one asked guest from the agent script's sections. */
export function agentReadOf(
  sections: Sections,
  index: number,
  target: AgentTarget,
  nonce: string,
): GuestAgentRead {
  const via =
    target.platform === 'proxmox'
      ? `pvesh get /nodes/<node>/qemu/${target.id}/agent/file-read`
      : 'virsh qemu-agent-command';
  const outcomes =
    target.platform === 'proxmox'
      ? AGENT_READS.map((_r, slot) => pveOutcome(sections.get(`agent.${index}.${slot}`)))
      : libvirtOutcomes(sections, index, nonce);
  const read: GuestAgentRead = {
    status: 'read',
    reason: null,
    via,
    kernelRelease: null,
    uptimeSec: null,
    entropyAvail: null,
    poolsize: null,
    rngAvailable: null,
    rngCurrent: null,
    fieldErrors: {},
  };
  AGENT_READS.forEach(({ field }, slot) => {
    const o = outcomes[slot] ?? { ok: false, why: 'not asked' };
    if (!o.ok) {
      read.fieldErrors[field] = `guest agent: ${clean(o.why)}`;
      return;
    }
    const v = valueOf(field, o.text);
    if ('why' in v) read.fieldErrors[field] = v.why.startsWith('refused') ? v.why : `guest agent: ${v.why}`;
    else Object.assign(read, { [field]: v.value });
  });
  if (read.entropyAvail === null && read.poolsize === null) {
    const first = outcomes[0];
    const failed = classifyAgentFailure(
      first && !first.ok ? first.why : (read.fieldErrors.entropyAvail ?? ''),
    );
    return { ...read, status: failed.status, reason: failed.reason };
  }
  return read;
}

/** The host's domains with each planned guest's agent read: what was asked, and what was decided without asking. */
export function withAgentReads(
  domains: readonly Domain[],
  plan: AgentPlan,
  nonce: string,
  run: { ok: true; stdout: string } | { ok: false; error: string } | null,
): Domain[] {
  const reads = new Map(plan.decided);
  if (run !== null) {
    const frame = run.ok ? parseProbeFrame(run.stdout) : ({ ok: false, error: run.error } as const);
    plan.targets.forEach((t, i) => {
      const read = frame.ok
        ? agentReadOf(frame.sections, i, t, nonce)
        : { ...notRead('error', `guest agent read failed: ${clean(frame.error)}`), via: '' };
      reads.set(t.index, read);
    });
  }
  return domains.map((d, i) => {
    const read = reads.get(i);
    return read ? { ...d, agent: read } : d;
  });
}
