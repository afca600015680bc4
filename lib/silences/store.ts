import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { assignSilences } from './assign';
import type { CreateSilenceInput, UpdateSilenceInput } from './input';
import { describeMatchers, silenceState } from './match';
import { matcherColumns, toSilenceRecord } from './record';
import type { SilenceRecord, SilenceState } from './types';

// Silence writes: each one re-points the open findings and writes an audit entry in the same transaction,
// so the pages never show a silence without its effect or a change without its record.

/** Who is acting, from the signed-in identity or the API token. */
export interface Actor {
  /** what the audit log and the silence's createdBy/updatedBy show (a user's email or name) */
  name: string;
  /** how: "ui" or "api-token:<name>" */
  via?: string;
  address?: string | null;
}

export interface SilenceView extends SilenceRecord {
  state: SilenceState;
  /** open findings it covers now */
  covering: number;
}

/** Creates a silence and applies it to the open findings at once. */
export async function createSilence(
  db: Db,
  input: CreateSilenceInput,
  actor: Actor,
  now: Date,
): Promise<SilenceRecord> {
  return db.$transaction(async (tx) => {
    const row = await tx.silence.create({
      data: {
        ...matcherColumns(input.matchers),
        comment: input.comment,
        createdBy: actor.name,
        createdAt: now,
        updatedAt: now,
        expiresAt: input.expiresAt,
      },
    });
    const record = toSilenceRecord(row);
    await assignSilences(tx, now);
    await audit(tx, 'silence.create', record, actor, now);
    return record;
  });
}

export type SilenceChange =
  { ok: true; silence: SilenceRecord } | { ok: false; status: 404 | 409; error: string };

/** Changes matchers, comment or expiry of an active silence; an expired one is history and stays as it was. */
export async function updateSilence(
  db: Db,
  id: number,
  input: UpdateSilenceInput,
  actor: Actor,
  now: Date,
): Promise<SilenceChange> {
  return db.$transaction(async (tx) => {
    const old = await tx.silence.findUnique({ where: { id } });
    if (!old) return notFound(id);
    if (silenceState(old, now) === 'expired') return expiredAlready(id, old.expiresAt);
    const row = await tx.silence.update({
      where: { id },
      data: {
        ...(input.matchers ? matcherColumns(input.matchers) : {}),
        ...(input.comment !== undefined ? { comment: input.comment } : {}),
        ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
        updatedBy: actor.name,
        updatedAt: now,
      },
    });
    const record = toSilenceRecord(row);
    await assignSilences(tx, now);
    await audit(tx, 'silence.update', record, actor, now, toSilenceRecord(old));
    return { ok: true, silence: record };
  });
}

/** Expires a silence now (Alertmanager's "expire"): its findings alert again from the next cycle if still open. */
export async function expireSilence(db: Db, id: number, actor: Actor, now: Date): Promise<SilenceChange> {
  return db.$transaction(async (tx) => {
    const old = await tx.silence.findUnique({ where: { id } });
    if (!old) return notFound(id);
    if (silenceState(old, now) === 'expired') return expiredAlready(id, old.expiresAt);
    const row = await tx.silence.update({
      where: { id },
      data: { expiresAt: now, updatedBy: actor.name, updatedAt: now },
    });
    const record = toSilenceRecord(row);
    await assignSilences(tx, now);
    await audit(tx, 'silence.expire', record, actor, now);
    return { ok: true, silence: record };
  });
}

/** Silences, active first (soonest to expire first), then expired ones newest first; with their open findings. */
export async function listSilences(
  db: Db,
  now: Date,
  opts: { state?: SilenceState | 'all'; limit?: number } = {},
): Promise<SilenceView[]> {
  const state = opts.state ?? 'all';
  const where =
    state === 'active' ? { expiresAt: { gt: now } } : state === 'expired' ? { expiresAt: { lte: now } } : {};
  const rows = await db.silence.findMany({
    where,
    include: { _count: { select: { findings: { where: { state: 'open' } } } } },
    orderBy: [{ expiresAt: 'desc' }, { id: 'desc' }],
    take: Math.max(1, Math.min(opts.limit ?? 500, 5000)),
  });
  const views = rows.map((r) => {
    const s = toSilenceRecord(r);
    const st = silenceState(s, now);
    return { ...s, state: st, covering: st === 'active' ? r._count.findings : 0 };
  });
  const active = views.filter((v) => v.state === 'active').sort((a, b) => +a.expiresAt - +b.expiresAt);
  return [...active, ...views.filter((v) => v.state === 'expired')];
}

/** One silence by id, or null. */
export async function getSilence(db: Db, id: number, now: Date): Promise<SilenceView | null> {
  const r = await db.silence.findUnique({
    where: { id },
    include: { _count: { select: { findings: { where: { state: 'open' } } } } },
  });
  if (!r) return null;
  const s = toSilenceRecord(r);
  const st = silenceState(s, now);
  return { ...s, state: st, covering: st === 'active' ? r._count.findings : 0 };
}

function notFound(id: number): SilenceChange {
  return { ok: false, status: 404, error: `silence ${id} does not exist; GET /api/v1/silences lists them` };
}

function expiredAlready(id: number, at: Date): SilenceChange {
  return {
    ok: false,
    status: 409,
    error: `silence ${id} already expired at ${at.toISOString()}; create a new one instead`,
  };
}

// The audit log (AuditEvent, shared with sign-ins and token changes): one row per silence change.
async function audit(
  tx: Prisma.TransactionClient,
  action: 'silence.create' | 'silence.update' | 'silence.expire',
  s: SilenceRecord,
  actor: Actor,
  now: Date,
  before?: SilenceRecord,
): Promise<void> {
  const detail: Record<string, unknown> = {
    matchers: describeMatchers(s.matchers),
    comment: s.comment,
    expiresAt: s.expiresAt.toISOString(),
  };
  if (before) {
    detail.before = {
      matchers: describeMatchers(before.matchers),
      comment: before.comment,
      expiresAt: before.expiresAt.toISOString(),
    };
  }
  await tx.auditEvent.create({
    data: {
      at: now,
      action,
      ok: true,
      actor: actor.name,
      via: actor.via ?? null,
      address: actor.address ?? null,
      subject: `silence:${s.id}`,
      detail: JSON.stringify(detail),
    },
  });
}
