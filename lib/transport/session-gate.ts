// At most N sessions (exec channels) at once on one SSH connection. OpenSSH's sshd refuses more than
// MaxSessions (default 10) per connection with "no more sessions", which ssh2 reports as a channel
// open failure; many domains of one host applied or probed at once would otherwise fail at random.

/** OpenSSH's MaxSessions default is 10 (sshd_config(5)); two stay free for an operator's own ssh -S. */
export const SESSIONS_PER_CONNECTION = 8;

/** A counting gate: `enter()` waits for a free session, the returned function gives it back (once). */
export class SessionGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit = SESSIONS_PER_CONNECTION) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`session limit must be ≥ 1, got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a session is free; `cancel` withdraws a waiting request. */
  enter(): { ready: Promise<() => void>; cancel: () => void } {
    let granted = false;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
    if (this.active < this.limit) {
      this.active++;
      granted = true;
      return { ready: Promise.resolve(release), cancel: release };
    }
    let wake!: () => void;
    const ready = new Promise<() => void>((resolve) => {
      wake = () => {
        granted = true;
        resolve(release);
      };
    });
    this.waiting.push(wake);
    return {
      ready,
      cancel: () => {
        if (granted) return release();
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
      },
    };
  }
}
