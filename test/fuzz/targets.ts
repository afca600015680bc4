// The fuzz targets: each parser at its boundary, with the properties every input must keep.
//   1. it never throws past its boundary (only the errors its contract names),
//   2. its output is bounded (a linear function of the input, and the policy's counts),
//   3. nothing it keeps holds a control or bidi character.
// Time per input is measured by the campaign (scripts/fuzz.ts), never asserted in a test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parseProbeOutput } from '../../lib/probe/parse';
import { parseDomainXml } from '../../lib/probe/domain-xml';
import { parseLsofFields } from '../../lib/probe/parse-host';
import { cmdlineArgv, qemuGuestName } from '../../lib/probe/parse-qemu';
import { parseQemuCommandLine } from '../../lib/probe/qemu-cmdline';
import { parsePveConfig } from '../../lib/probe/pve-config';
import { hasForbiddenChars } from '../../lib/probe/input-policy';
import { COUNTS } from '../../lib/probe/field-rules';
import { InventoryError, loadInventory } from '../../lib/inventory/load';
import type { Domain } from '../../lib/probe/types';
import { withAgentReads } from '../../lib/probe/parse-agent';
import type { AgentPlan } from '../../lib/probe/agent-plan';
import { AGENT_NONCE, agentFrame, agentSections } from './agent-arbitraries';
import {
  cmdlineBytes,
  domainXml,
  inventoryYaml,
  lsofText,
  probeStdout,
  pveConfig,
  qemuArgv,
} from './arbitraries';

export interface FuzzTarget {
  name: string;
  /** a property over generated inputs; throws when an input breaks it */
  property: (timed?: Timed) => fc.IRawProperty<unknown[], false>;
}

/** Wraps a target's check, e.g. to time each case (the campaign does; tests never do). */
export type Timed = <A extends unknown[]>(check: (...args: A) => void) => (...args: A) => void;
const untimed: Timed = (check) => check;

// The targets' input types differ; the runner only needs to run them.
const erase = <T extends unknown[]>(p: fc.IRawProperty<T, false>) =>
  p as unknown as fc.IRawProperty<unknown[], false>;

/** Throws when any string anywhere in `value` holds a control or bidi character. */
export function assertClean(value: unknown, where = 'output'): void {
  if (typeof value === 'string') {
    if (hasForbiddenChars(value))
      throw new Error(`${where} holds a control or bidi character: ${JSON.stringify(value.slice(0, 80))}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => assertClean(v, `${where}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      assertClean(k, `${where} key`);
      assertClean(v, `${where}.${k}`);
    }
  }
}

/** Throws when the JSON of `output` is over `factor` × the input's length + `slack` characters. */
export function assertBounded(output: unknown, inputLength: number, factor: number, slack = 64 * 1024): void {
  const size = JSON.stringify(output ?? null).length;
  const bound = factor * inputLength + slack;
  if (size > bound)
    throw new Error(`output is ${size} characters for ${inputLength} of input (bound ${bound})`);
}

function assertDomain(d: Pick<Domain, 'name' | 'disks' | 'rngs'>): void {
  if (d.disks.length > COUNTS.disksPerDomain) throw new Error(`${d.disks.length} disks kept`);
  if (d.rngs.length > COUNTS.rngsPerDomain) throw new Error(`${d.rngs.length} rngs kept`);
  assertClean(d, 'domain');
}

/** Calls `fn`; an exception that is not one of `allowed` breaks the boundary. */
function onlyThrows<T>(fn: () => T, allowed: (e: unknown) => boolean): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (allowed(e)) return undefined;
    throw new Error(`threw past its boundary: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}
const isPlainError = (e: unknown) =>
  e instanceof Error && e.constructor !== TypeError && e.constructor !== RangeError;

let inventoryDir: string | null = null;
function inventoryFile(text: string): { file: string; cwd: string } {
  inventoryDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'ew-fuzz-inventory-'));
  const file = path.join(inventoryDir, 'entropy-watch.yaml');
  fs.writeFileSync(file, text);
  return { file, cwd: inventoryDir };
}

/** Removes the temporary inventory directory (call once after a run). */
export function cleanUpTargets(): void {
  if (inventoryDir) fs.rmSync(inventoryDir, { recursive: true, force: true });
  inventoryDir = null;
}

const AGENT_DOMAINS: Domain[] = [
  {
    name: 'g0',
    uuid: '11111111-1111-4111-8111-111111111111',
    state: 'running',
    genid: null,
    disks: [],
    rngs: [],
  },
  {
    name: 'g1',
    uuid: null,
    state: 'running',
    genid: null,
    disks: [],
    rngs: [],
    platform: 'proxmox',
    vmid: 222,
  },
];
const AGENT_PLAN: AgentPlan = {
  targets: [
    { index: 0, name: 'g0', platform: 'libvirt', id: '11111111-1111-4111-8111-111111111111' },
    { index: 1, name: 'g1', platform: 'proxmox', id: '222' },
  ],
  decided: new Map(),
};

export const TARGETS: FuzzTarget[] = [
  {
    name: 'probe-output',
    property: (timed = untimed) =>
      erase(
        fc.property(
          probeStdout,
          fc.constantFrom('host', 'guest', 'local' as const),
          timed((stdout, kind) => {
            const r = parseProbeOutput(stdout, kind);
            assertClean(r, 'parseProbeOutput');
            assertBounded(r, stdout.length, 4);
            if (!r.ok) return;
            const o = r.observation;
            if ((o.kernelRelease?.length ?? 0) > 64)
              throw new Error('kernel release over 64 characters kept');
            if (o.sshHostKeys.length > COUNTS.sshHostKeys)
              throw new Error(`${o.sshHostKeys.length} host keys kept`);
            if ((o.host?.domains.length ?? 0) > COUNTS.domains) throw new Error('too many domains kept');
            o.host?.domains.forEach(assertDomain);
          }),
        ),
      ),
  },
  {
    name: 'domain-xml',
    property: (timed = untimed) =>
      erase(
        fc.property(
          domainXml,
          timed((xml) => {
            const d = onlyThrows(() => parseDomainXml(xml), isPlainError);
            if (d) {
              assertDomain(d);
              assertBounded(d, xml.length, 2);
            }
          }),
        ),
      ),
  },
  {
    name: 'lsof',
    property: (timed = untimed) =>
      erase(
        fc.property(
          lsofText,
          timed((text) => {
            const procs = parseLsofFields(text);
            assertBounded(procs, text.length, 16, 1024);
          }),
        ),
      ),
  },
  {
    name: 'cmdline',
    property: (timed = untimed) =>
      erase(
        fc.property(
          cmdlineBytes,
          qemuArgv,
          timed((bytes, argv) => {
            const fromBytes = cmdlineArgv(bytes);
            const name = qemuGuestName(fromBytes);
            if (name !== null && typeof name !== 'string')
              throw new Error('qemuGuestName returned a non-string');
            for (const a of [fromBytes, argv]) {
              const c = parseQemuCommandLine(a);
              assertClean(
                { name: c.name, uuid: c.uuid, genid: c.genid, disks: c.disks, rngs: c.rngs },
                'QEMU config',
              );
              if (c.disks.length > COUNTS.disksPerDomain) throw new Error(`${c.disks.length} disks kept`);
              assertBounded(c, a.join(' ').length, 8);
            }
          }),
        ),
      ),
  },
  {
    name: 'pve-config',
    property: (timed = untimed) =>
      erase(
        fc.property(
          pveConfig,
          timed((text) => {
            const vm = onlyThrows(() => parsePveConfig(text, 100, 8), isPlainError);
            if (!vm) return;
            assertClean({
              name: vm.name,
              uuid: vm.uuid,
              genid: vm.genid,
              disks: vm.disks,
              rngs: vm.rngs,
              next: vm.next,
            });
            assertBounded(vm, text.length, 8);
          }),
        ),
      ),
  },
  {
    name: 'agent-output',
    property: (timed = untimed) =>
      erase(
        fc.property(
          agentSections,
          timed(({ g0, g1 }) => {
            const readsOf = (stdout: string) =>
              withAgentReads(AGENT_DOMAINS, AGENT_PLAN, AGENT_NONCE, { ok: true, stdout }).map(
                (d) => d.agent,
              );
            const stdout = agentFrame(g0, g1);
            const reads = readsOf(stdout);
            assertClean(reads, 'agent reads');
            assertBounded(reads, stdout.length, 2, 16 * 1024);
            if ((reads[0]?.kernelRelease?.length ?? 0) > 64) throw new Error('kernel release over 64 kept');
            // A guest's read depends on its own sections only: the other guest cannot spoof it.
            const alone = [readsOf(agentFrame(g0, ''))[0], readsOf(agentFrame('', g1))[1]];
            reads.forEach((r, i) => {
              if (JSON.stringify(r) !== JSON.stringify(alone[i]))
                throw new Error(`guest ${i}'s read changed with the other guest's output`);
            });
          }),
        ),
      ),
  },
  {
    name: 'inventory',
    property: (timed = untimed) =>
      erase(
        fc.property(
          inventoryYaml,
          timed((text) => {
            const { file, cwd } = inventoryFile(text);
            onlyThrows(
              () =>
                loadInventory({
                  configPath: file,
                  cwd,
                  env: { HOME: cwd, USER: 'fuzz', WEBHOOK_SECRET: 's3cret-value' },
                }),
              (e) => e instanceof InventoryError,
            );
          }),
        ),
      ),
  },
];
