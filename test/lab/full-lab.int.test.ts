// fullLab end to end without the database: the real inventory loader, SSH transport, probe script,
// parser and rules, polled for three cycles, must report exactly fullLabExpected; after
// healFullLab, one more cycle must report nothing. Needs root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../lib/inventory/load';
import type { SshTargetConfig } from '../../lib/inventory/types';
import { MAX_PROBE_BYTES, parseProbeOutput } from '../../lib/probe/parse';
import { buildProbeScript } from '../../lib/probe/script';
import type { Observation, PollStatus } from '../../lib/probe/types';
import type { TargetState } from '../../lib/rules/types';
import { createTransport } from '../../lib/transport';
import { fullLab, fullLabExpected, healFullLab, FULL_LAB } from './scenarios';
import { evaluateFleet } from './simulate';
import type { Lab } from './types';

let lab: Lab;

beforeAll(async () => {
  lab = await fullLab();
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

/** One poll of every target, as the collector does it: status and (when ok) the parsed observation. */
async function pollAll(targets: SshTargetConfig[], transport: ReturnType<typeof createTransport>) {
  return Promise.all(
    targets.map(async (t) => {
      const script = buildProbeScript({ kind: t.kind, libvirtUri: t.libvirtUri });
      const r = await transport.run(t, script, { timeoutMs: 10_000, maxBytes: MAX_PROBE_BYTES });
      if (!r.ok) return { t, status: r.status as PollStatus, error: r.error, observation: null };
      const parsed = parseProbeOutput(r.stdout, t.kind);
      if (!parsed.ok) return { t, status: 'parse-error' as const, error: parsed.error, observation: null };
      return { t, status: 'ok' as const, error: null, observation: parsed.observation };
    }),
  );
}

type Poll = Awaited<ReturnType<typeof pollAll>>[number];

function fleetStates(cycles: Poll[][], now: Date): TargetState[] {
  const latest = cycles[cycles.length - 1] ?? [];
  return latest.map((p) => {
    const history = cycles.map((c) => c.find((x) => x.t.name === p.t.name)).filter((x): x is Poll => !!x);
    const lastOk = [...history].reverse().find((x) => x.observation);
    return {
      name: p.t.name,
      kind: p.t.kind,
      hostName: p.t.hostName,
      domainName: p.t.domain,
      observation: (lastOk?.observation ?? null) as Observation | null,
      observedAt: lastOk ? now : null,
      recentEntropy: [],
      recentStatuses: [...history].reverse().map((x) => ({ at: now, status: x.status, error: x.error })),
    };
  });
}

const sorted = (pairs: readonly (readonly [string, string])[]) => pairs.map(([t, r]) => `${t} ${r}`).sort();

describe('fullLab through the real transport, probe and rules', () => {
  it('reports exactly fullLabExpected after three cycles, and nothing once healed', async () => {
    const inventory = loadInventory({ configPath: lab.inventoryPath, env: {} });
    const transport = createTransport();
    const cycles: Poll[][] = [];
    try {
      for (let i = 0; i < 3; i++) cycles.push(await pollAll(inventory.targets, transport));
    } finally {
      await transport.close();
    }
    const statuses = Object.fromEntries((cycles[2] ?? []).map((p) => [p.t.name, p.status]));
    expect(statuses).toMatchObject({
      [FULL_LAB.gone]: 'refused',
      [FULL_LAB.keyRotated]: 'host-key-mismatch',
      [FULL_LAB.keyUnknown]: 'host-key-unknown',
      [FULL_LAB.garbage]: 'parse-error',
      [FULL_LAB.clean]: 'ok',
    });
    expect(sorted(evaluateFleet(fleetStates(cycles, new Date()), new Date()))).toEqual(
      sorted(fullLabExpected),
    );

    await healFullLab(lab);
    // A fresh transport: the old one would still be backing off from the refused target.
    const healedTransport = createTransport();
    try {
      cycles.push(await pollAll(inventory.targets, healedTransport));
    } finally {
      await healedTransport.close();
    }
    const failing = (cycles[3] ?? []).filter((p) => p.status !== 'ok').map((p) => `${p.t.name}: ${p.error}`);
    expect(failing).toEqual([]);
    expect(evaluateFleet(fleetStates(cycles, new Date()), new Date())).toEqual([]);
  }, 120_000);
});
