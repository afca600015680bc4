import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import type { SshTargetConfig } from '../inventory/types';
import { retryInMs, type BackoffState } from './backoff';
import { Budget } from './budget';
import { classifyError, classifyExit, type Failure } from './classify';
import { BudgetExceededError, ForwardFailedError, JumpHostError } from './errors';
import { connectSsh, IdentityCache, type SshEndpoint } from './ssh-connect';
import { execScript } from './ssh-exec';
import { SessionGate } from './session-gate';
import type { ExecResult, PresentedHostKey, Transport } from './types';

export interface SshTransportOptions {
  /** ssh keepalive while a connection idles between cycles (default 15 s; 3 missed answers close it) */
  keepaliveIntervalMs?: number;
  /** clock for the reconnect backoff (default Date.now) */
  now?: () => number;
  /** ssh-agent socket when a target has no identityFile (default: SSH_AUTH_SOCK at connect time) */
  agentSocket?: () => string | undefined;
}

/** An SSH transport that also says which connections it holds open (for tests and diagnostics). */
export interface SshTransport extends Transport {
  openConnections(): string[];
}

interface Link {
  client: Client;
  /** the host key verified in this connection's handshake */
  hostKey: PresentedHostKey | null;
  /** the connection settings it was opened with; a change in the inventory opens a new one */
  signature: string;
  alive: boolean;
}

interface PendingLink {
  promise: Promise<Link>;
  cancel(reason: Error): void;
}

interface Slot extends BackoffState {
  name: string;
  via: string | null;
  link: Link | null;
  pending: PendingLink | null;
  /** the failure of the last attempt, repeated while backing off */
  lastFailure: Failure | null;
  /** exec channels at once on this target's connection (sshd's MaxSessions) */
  sessions: SessionGate;
}

class BackingOffError extends Error {
  constructor(
    readonly failure: Failure,
    readonly waitMs: number,
  ) {
    super(failure.error);
  }
}

/** Creates the SSH transport: one kept-open ssh2 connection per target, jump hosts for `via`, backoff. */
export function createSshTransport(options: SshTransportOptions = {}): SshTransport {
  const keepaliveIntervalMs = options.keepaliveIntervalMs ?? 15_000;
  const now = options.now ?? Date.now;
  const agentSocket = options.agentSocket ?? (() => process.env.SSH_AUTH_SOCK || undefined);
  const identities = new IdentityCache();
  const slots = new Map<string, Slot>();
  /** configs seen in run(), to find a `via` host when a guest config lacks viaTarget */
  const seen = new Map<string, SshTargetConfig>();

  const slotOf = (target: SshTargetConfig): Slot => {
    let slot = slots.get(target.name);
    if (!slot) {
      slot = {
        name: target.name,
        via: null,
        link: null,
        pending: null,
        failures: 0,
        lastAttemptAt: 0,
        lastFailure: null,
        sessions: new SessionGate(),
      };
      slots.set(target.name, slot);
    }
    slot.via = target.via;
    return slot;
  };

  const dropLink = (slot: Slot) => {
    slot.link?.client.destroy();
    slot.link = null;
  };

  /** A ready connection to `target`: the open one, one being opened, or a new attempt (unless backing off). */
  const getLink = (target: SshTargetConfig, budget: Budget): Promise<Link> => {
    const slot = slotOf(target);
    const signature = signatureOf(target);
    if (slot.link && (!slot.link.alive || slot.link.signature !== signature)) dropLink(slot);
    if (slot.link) return Promise.resolve(slot.link);
    let started = false;
    if (!slot.pending) {
      const wait = retryInMs(slot, now());
      if (wait > 0 && slot.lastFailure) return Promise.reject(new BackingOffError(slot.lastFailure, wait));
      slot.lastAttemptAt = now();
      const pending = openLink(target, signature, budget);
      slot.pending = pending;
      started = true;
      pending.promise.then(
        (link) => {
          slot.failures = 0;
          slot.lastFailure = null;
          slot.link = link;
          link.client.once('close', () => {
            link.alive = false;
            if (slot.link === link) slot.link = null;
          });
        },
        (err: unknown) => {
          slot.failures += 1;
          slot.lastFailure = classifyError(err, { ...target, phase: 'connect', timeoutMs: budget.timeoutMs });
        },
      );
      pending.promise
        .finally(() => {
          if (slot.pending === pending) slot.pending = null;
        })
        .catch(() => {});
    }
    const pending = slot.pending;
    // Only the run that started an attempt aborts it; a guest waiting on its jump host's attempt does not.
    return budget.race(pending.promise, 'connect', () => {
      if (started) pending.cancel(new BudgetExceededError('connect'));
    });
  };

  const openLink = (target: SshTargetConfig, signature: string, budget: Budget): PendingLink => {
    let cancelled: Error | null = null;
    let cancelStep: (reason: Error) => void = () => {};
    let rejectNow: (reason: Error) => void = () => {};
    const cancelledPromise = new Promise<never>((_, reject) => (rejectNow = reject));
    cancelledPromise.catch(() => {});

    const work = (async (): Promise<Link> => {
      const sock = target.via ? await forwardThroughJump(target, budget) : undefined;
      if (cancelled) {
        sock?.destroy();
        throw cancelled;
      }
      const attempt = connectSsh(target, {
        sock,
        readyTimeoutMs: Math.ceil(budget.remainingMs()) + 1000,
        keepaliveIntervalMs,
        agentSocket: agentSocket(),
        identities,
      });
      cancelStep = attempt.cancel;
      const client = await attempt.ready;
      if (cancelled) {
        client.destroy();
        throw cancelled;
      }
      return { client, hostKey: attempt.presentedKey(), signature, alive: true };
    })();
    return {
      promise: Promise.race([work, cancelledPromise]),
      cancel(reason) {
        cancelled = reason;
        cancelStep(reason);
        rejectNow(reason);
      },
    };
  };

  /** A TCP stream to the guest, opened by its `via` host over that host's own (shared) connection. */
  const forwardThroughJump = async (guest: SshTargetConfig, budget: Budget): Promise<Duplex> => {
    const via = guest.via!;
    const host = guest.viaTarget ?? seen.get(via);
    if (!host) {
      throw new JumpHostError(via, {
        status: 'refused',
        error: `jump host "${via}" is not in the inventory; add it under hosts`,
      });
    }
    let link: Link;
    try {
      link = await getLink(host, budget);
    } catch (err) {
      if (err instanceof BudgetExceededError) throw err;
      const failure =
        err instanceof BackingOffError
          ? err.failure
          : classifyError(err, { ...host, phase: 'connect', timeoutMs: budget.timeoutMs });
      throw new JumpHostError(via, failure);
    }
    return new Promise<Duplex>((resolve, reject) => {
      try {
        link.client.forwardOut('127.0.0.1', 0, guest.address, guest.port, (err, stream) => {
          if (err)
            return reject(
              new ForwardFailedError(via, err.message.replace(/^\(SSH\) Channel open failure: /, '')),
            );
          resolve(stream);
        });
      } catch (err) {
        link.alive = false;
        reject(new ForwardFailedError(via, err instanceof Error ? err.message : String(err)));
      }
    });
  };

  const runOnce = async (
    target: SshTargetConfig,
    script: string,
    maxBytes: number,
    budget: Budget,
    state: { phase: 'connect' | 'exec' },
  ) => {
    state.phase = 'connect';
    const slot = slotOf(target);
    const before = slot.link;
    const link = await getLink(target, budget);
    const reused = link === before;
    state.phase = 'exec';
    // Wait for a free session on this connection (the wait counts against the run's budget).
    const entry = slot.sessions.enter();
    const release = await budget.race(entry.ready, 'exec', entry.cancel);
    const running = execScript(link.client, script, maxBytes);
    try {
      const out = await budget.race(running.done, 'exec', () => {
        // The target hangs: drop the whole connection (guests jumping through it reconnect too);
        // the next run opens a fresh one.
        running.abort();
        link.alive = false;
        if (slot.link === link) dropLink(slot);
        else link.client.destroy();
      });
      return { ...out, hostKey: link.hostKey };
    } catch (err) {
      // A connection that died between cycles (host rebooted, NAT dropped it) is reopened once.
      if (reused && !(err instanceof BudgetExceededError) && isDeadConnection(err, link)) {
        link.alive = false;
        if (slot.link === link) dropLink(slot);
        throw new RetryError(err);
      }
      throw err;
    } finally {
      release();
    }
  };

  return {
    async run(target, script, { timeoutMs, maxBytes }): Promise<ExecResult> {
      const t0 = performance.now();
      const durationMs = () => Math.round(performance.now() - t0);
      seen.set(target.name, target);
      const budget = new Budget(timeoutMs);
      const state: { phase: 'connect' | 'exec' } = { phase: 'connect' };
      try {
        let out;
        try {
          out = await runOnce(target, script, maxBytes, budget, state);
        } catch (err) {
          if (!(err instanceof RetryError)) throw err;
          out = await runOnce(target, script, maxBytes, budget, state);
        }
        const failed = classifyExit(out, `${target.address}:${target.port}`);
        if (failed) return { ok: false, ...failed, durationMs: durationMs() };
        return {
          ok: true,
          stdout: out.stdout,
          stderr: out.stderr,
          exitCode: out.exitCode,
          durationMs: durationMs(),
          ...(out.hostKey ? { hostKey: out.hostKey } : {}),
        };
      } catch (err) {
        const failure =
          err instanceof BackingOffError
            ? { ...err.failure, error: `${err.failure.error} (retrying in ${Math.ceil(err.waitMs / 1000)}s)` }
            : classifyError(err instanceof RetryError ? err.cause : err, {
                ...target,
                phase: state.phase,
                timeoutMs,
              });
        return { ok: false, ...failure, durationMs: durationMs() };
      } finally {
        budget.clear();
      }
    },

    retain(names) {
      const keep = new Set(names);
      for (const slot of slots.values()) if (keep.has(slot.name) && slot.via) keep.add(slot.via);
      for (const [name, slot] of slots) {
        if (keep.has(name)) continue;
        slot.pending?.cancel(new Error('target removed from the inventory'));
        dropLink(slot);
        slots.delete(name);
        seen.delete(name);
      }
    },

    async close() {
      const closing: Promise<void>[] = [];
      for (const slot of slots.values()) {
        slot.pending?.cancel(new Error('transport closed'));
        const client = slot.link?.client;
        if (client) closing.push(endClient(client));
        slot.link = null;
      }
      slots.clear();
      seen.clear();
      await Promise.all(closing);
    },

    openConnections() {
      return [...slots.values()].filter((s) => s.link?.alive).map((s) => s.name);
    },
  };
}

class RetryError extends Error {
  constructor(override readonly cause: unknown) {
    super('retry on a fresh connection');
  }
}

function isDeadConnection(err: unknown, link: Link): boolean {
  const message = err instanceof Error ? err.message : '';
  return (
    !link.alive || /Not connected|No response from server|Channel open failure|ECONNRESET|EPIPE/.test(message)
  );
}

/** Ends a connection politely, then forcibly if the server does not close it within a second. */
function endClient(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.destroy();
      resolve();
    }, 1000);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    client.end();
  });
}

function signatureOf(t: SshEndpoint & { via: string | null }): string {
  return JSON.stringify([
    t.address,
    t.port,
    t.user,
    t.identityFile,
    t.knownHosts,
    t.trustOnFirstUse,
    t.via,
    t.allowSshRsa === true,
  ]);
}
