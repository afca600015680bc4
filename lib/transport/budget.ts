import { BudgetExceededError } from './errors';

/** The time one run() may take; every wait inside the run races against it. */
export class Budget {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  readonly deadline: number;

  constructor(readonly timeoutMs: number) {
    this.deadline = performance.now() + timeoutMs;
    this.timer = setTimeout(() => this.controller.abort(), timeoutMs);
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - performance.now());
  }

  /** Resolves like `work`, unless the budget runs out first: then `onExpire` cleans up and it rejects. */
  race<T>(work: Promise<T>, phase: 'connect' | 'exec', onExpire: () => void): Promise<T> {
    const { signal } = this.controller;
    return new Promise<T>((resolve, reject) => {
      const expire = () => {
        onExpire();
        reject(new BudgetExceededError(phase));
      };
      if (signal.aborted) return expire();
      signal.addEventListener('abort', expire, { once: true });
      work.then(
        (v) => {
          signal.removeEventListener('abort', expire);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', expire);
          reject(e);
        },
      );
    });
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
