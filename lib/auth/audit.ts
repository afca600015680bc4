import type { Db } from '../db/client';

// The audit log: who did what from where. Kept at least AUDIT_RETENTION_DAYS (nothing deletes younger rows).

export const AUDIT_RETENTION_DAYS = 400;

export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in.failed',
  'sign-in.throttled',
  'sign-out',
  'setup',
  'password.change',
  'user.add',
  'user.remove',
  'user.password',
  'user.role',
  'session.end-all',
  'token.create',
  'token.revoke',
  'proxy.refused',
  'csrf.refused',
  'webhook.test',
  'remediation.apply',
  'remediation.revert',
  'remediation.cold-boot',
  // written by lib/silences/store.ts in the transaction that changes the silence
  'silence.create',
  'silence.update',
  'silence.expire',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  ok?: boolean;
  actor?: string | null;
  via?: 'session' | 'token' | 'proxy' | 'cli' | 'setup' | null;
  address?: string | null;
  subject?: string | null;
  detail?: string | null;
  at?: Date;
}

export interface AuditRow {
  id: number;
  at: string;
  action: string;
  ok: boolean;
  actor: string | null;
  via: string | null;
  address: string | null;
  subject: string | null;
  detail: string | null;
}

/** Appends one entry to the audit log. */
export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      at: e.at ?? new Date(),
      action: e.action,
      ok: e.ok ?? true,
      actor: e.actor ?? null,
      via: e.via ?? null,
      address: e.address ?? null,
      subject: e.subject ?? null,
      detail: e.detail?.slice(0, 500) ?? null,
    },
  });
}

/** Audit entries, newest first, optionally one action, paged by `before` (an id). */
export async function listAudit(
  db: Db,
  opts: { limit: number; before?: number; action?: string; actor?: string },
): Promise<AuditRow[]> {
  const rows = await db.auditEvent.findMany({
    where: {
      ...(opts.before ? { id: { lt: opts.before } } : {}),
      ...(opts.action ? { action: opts.action } : {}),
      ...(opts.actor ? { actor: opts.actor } : {}),
    },
    orderBy: { id: 'desc' },
    take: opts.limit,
  });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
