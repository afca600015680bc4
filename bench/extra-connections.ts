// Marginal memory of open connections, measured in a process that is already warm (JIT, Prisma,
// heap sizing done by the measured cycles): a second transport opens one more idle connection to
// every target, and the RSS / heap / external growth is divided by the connections it holds.
import pLimit from 'p-limit';
import type { SshTargetConfig } from '../lib/inventory/types';
import { createSshTransport } from '../lib/transport/ssh-transport';
import type { MemoryReading } from './child-result';

export interface ExtraConnections {
  opened: number;
  failed: number;
  before: MemoryReading;
  after: MemoryReading;
  perConnection: { rssKb: number; heapKb: number; externalKb: number };
}

/** Opens a connection to each target (running `true`), measures with `memory()` before and after, closes them. */
export async function measureExtraConnections(
  targets: SshTargetConfig[],
  opts: { timeoutMs: number; concurrency: number; memory: () => MemoryReading },
): Promise<ExtraConnections> {
  const transport = createSshTransport();
  try {
    const before = opts.memory();
    const limit = pLimit(opts.concurrency);
    const results = await Promise.all(
      targets.map((t) =>
        limit(() => transport.run(t, 'true', { timeoutMs: opts.timeoutMs, maxBytes: 4096 })),
      ),
    );
    const after = opts.memory();
    const opened = transport.openConnections().length;
    const per = (a: number, b: number) => (opened > 0 ? (a - b) / opened : 0);
    return {
      opened,
      failed: results.filter((r) => !r.ok).length,
      before,
      after,
      perConnection: {
        rssKb: per(after.rssKb, before.rssKb),
        heapKb: per(after.heapUsedKb, before.heapUsedKb),
        externalKb: per(after.externalKb, before.externalKb),
      },
    };
  } finally {
    await transport.close();
  }
}
