import type { PrismaClient } from '../db/client';
import type { WebhookConfig } from '../inventory/types';
import { type BackoffPolicy, DEFAULT_BACKOFF, decideRetry, parseRetryAfter } from './backoff';
import { formatFor } from './formats/registry';
import { reportDbFault } from '../db/fault-log';
import { registerKick } from './kick';
import { redactUrl } from './redact';
import { postWebhook } from './send';
import { requestHeaders } from './sign';
import type { AlertFormat } from './types';
import { assertUniqueWebhookNames } from './webhook-names';

export interface AlertDeliveryOptions {
  db: PrismaClient;
  webhooks: WebhookConfig[];
  /** clock for due times and records (tests); defaults to the real one */
  now?: () => Date;
  /** longest sleep between looks at the outbox when nothing is due sooner; default 5 s */
  pollMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** per attempt, connect to last byte; default 10 s */
  timeoutMs?: number;
  /** jitter source, [0, 1) */
  random?: () => number;
  /** one line per failed attempt or loop error; URLs are redacted, secrets never passed in */
  log?: (line: string) => void;
}

export interface AlertDelivery {
  /** stops every webhook's loop and waits for attempts in flight */
  stop(): Promise<void>;
  /** looks at the outbox now (call after enqueueing) */
  kick(): void;
}

interface PendingEvent {
  id: number;
  uid: string;
  findingId: number | null;
  payload: string;
  createdAt: Date;
  nextAttemptAt: Date;
  attempts: number;
}

interface Settings {
  db: PrismaClient;
  now: () => Date;
  pollMs: number;
  backoff: BackoffPolicy;
  timeoutMs: number;
  random: () => number;
  log: (line: string) => void;
}

// A batch bigger than this is finished in later rounds; rounds per wake are bounded so a receiver that
// fails instantly with a zero backoff cannot spin without yielding.
const BATCH = 500;
const ROUNDS_PER_WAKE = 20;
// A claimed event is held this long past its timeout; if the process dies mid-attempt, it is retried then.
const LEASE_MARGIN_MS = 60_000;

/**
 * Starts one self-rescheduling delivery loop per webhook (a slow or failing receiver only delays its own
 * events). Events go out in enqueue order per finding, are retried with backoff until the give-up age,
 * and every attempt is recorded. Delivery is at-least-once: a crash between the receiver's 2xx and our
 * record resends the same body and event id, which receivers use to deduplicate.
 */
export function startAlertDelivery(opts: AlertDeliveryOptions): AlertDelivery {
  assertUniqueWebhookNames(opts.webhooks);
  const settings: Settings = {
    db: opts.db,
    now: opts.now ?? (() => new Date()),
    pollMs: opts.pollMs ?? 5_000,
    backoff: { ...DEFAULT_BACKOFF, ...opts.backoff },
    timeoutMs: opts.timeoutMs ?? 10_000,
    random: opts.random ?? Math.random,
    log: opts.log ?? ((line) => console.warn(line)),
  };
  const workers = opts.webhooks.map((w) => new WebhookWorker(w, formatFor(w.format), settings));
  const kick = () => workers.forEach((w) => w.kick());
  const unregister = registerKick(kick);
  workers.forEach((w) => w.kick());
  return {
    kick,
    async stop() {
      unregister();
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}

class WebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly label: string;

  constructor(
    private readonly webhook: WebhookConfig,
    private readonly format: AlertFormat,
    private readonly s: Settings,
  ) {
    this.label = `alerts: webhook ${webhook.name} (${redactUrl(webhook.url)})`;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => void this.wake(), Math.max(0, ms));
  }

  // Guarded: whatever fails (the database, a bug), the loop logs it and looks again after pollMs.
  private async wake(): Promise<void> {
    if (this.running || this.stopped) return;
    let nextMs = this.s.pollMs;
    this.running = this.deliverDue().then(
      (ms) => void (nextMs = ms),
      // A full disk or a held lock is logged once per episode (lib/db/fault-log), not every pollMs.
      (e) =>
        void reportDbFault(
          e,
          this.s.log,
          `${this.label}: delivery loop error, retrying in ${this.s.pollMs} ms`,
        ),
    );
    await this.running;
    this.running = null;
    if (this.again) {
      this.again = false;
      nextMs = 0;
    }
    this.schedule(Math.min(nextMs, this.s.pollMs));
  }

  /** Sends what is due; returns ms until the next event becomes due. */
  private async deliverDue(): Promise<number> {
    for (let round = 0; round < ROUNDS_PER_WAKE; round++) {
      if (this.stopped) return this.s.pollMs;
      const pending: PendingEvent[] = await this.s.db.alertEvent.findMany({
        where: { webhook: this.webhook.name, state: 'pending' },
        orderBy: { id: 'asc' },
        take: BATCH,
        select: {
          id: true,
          uid: true,
          findingId: true,
          payload: true,
          createdAt: true,
          nextAttemptAt: true,
          attempts: true,
        },
      });
      // Only the oldest pending event of a finding may go: its resolve must not overtake its firing.
      const heads: PendingEvent[] = [];
      const seen = new Set<number>();
      for (const e of pending) {
        if (e.findingId === null) heads.push(e);
        else if (!seen.has(e.findingId)) {
          seen.add(e.findingId);
          heads.push(e);
        }
      }
      const nowMs = this.s.now().getTime();
      const due = heads.filter((e) => e.nextAttemptAt.getTime() <= nowMs);
      if (due.length === 0) {
        if (heads.length === 0) return this.s.pollMs;
        return Math.min(...heads.map((e) => e.nextAttemptAt.getTime())) - nowMs;
      }
      for (const e of due) {
        if (this.stopped) break;
        await this.attempt(e);
      }
    }
    return 0;
  }

  private async attempt(e: PendingEvent): Promise<void> {
    const { db, now } = this.s;
    // Claim the event by moving its due time past this attempt; a second loop on the same database
    // (an overlapping restart) then skips it instead of sending it twice.
    const lease = new Date(now().getTime() + this.s.timeoutMs + LEASE_MARGIN_MS);
    const claim = await db.alertEvent.updateMany({
      where: { id: e.id, state: 'pending', nextAttemptAt: e.nextAttemptAt },
      data: { nextAttemptAt: lease },
    });
    if (claim.count === 0) return;

    const at = now();
    const headers = requestHeaders({
      body: e.payload,
      eventId: e.uid,
      at,
      secret: this.webhook.secret,
      signed: this.format.signed,
    });
    const result = await postWebhook({
      url: this.webhook.url,
      body: e.payload,
      headers,
      timeoutMs: this.s.timeoutMs,
      secret: this.webhook.secret,
    });
    const done = now();
    const attempts = e.attempts + 1;
    const record = db.alertAttempt.create({
      data: {
        eventId: e.id,
        at,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: result.durationMs,
      },
    });
    if (result.ok) {
      await db.$transaction([
        record,
        db.alertEvent.update({
          where: { id: e.id },
          data: { state: 'delivered', attempts, deliveredAt: done, lastError: null },
        }),
      ]);
      return;
    }
    const decision = decideRetry({
      failures: attempts,
      createdAt: e.createdAt,
      now: done,
      retryAfterMs: parseRetryAfter(result.retryAfter, done),
      policy: this.s.backoff,
      random: this.s.random,
    });
    const update =
      decision.state === 'dead'
        ? { state: 'dead', attempts, lastError: `${decision.reason}; last error: ${result.error}` }
        : { attempts, nextAttemptAt: decision.nextAttemptAt, lastError: result.error };
    await db.$transaction([record, db.alertEvent.update({ where: { id: e.id }, data: update })]);
    const next =
      decision.state === 'dead' ? 'giving up (dead)' : `next try ${decision.nextAttemptAt.toISOString()}`;
    this.s.log(`${this.label}: event ${e.uid} attempt ${attempts} failed: ${result.error}; ${next}`);
  }
}
