import { z } from 'zod';
import type {
  DeviceHolder,
  Domain,
  DomainDisk,
  DomainRng,
  GuestAgentRead,
  Observation,
} from '../probe/types';
import type { Remediation } from '../checks/remedy/types';

// JSON columns (Observation.data, DomainSnapshot.disks/rngs, Finding.remediation) are read back through
// these schemas: missing optional fields get their empty value, and a row that is not the promised
// shape yields an error message the page shows instead of a crash. Pure.

const str = z.string().nullable().default(null);
const num = z.number().nullable().default(null);
const bool = z.boolean().nullable().default(null);

const diskSchema = z.object({
  target: z.string(),
  type: z.string(),
  device: z.string().default('disk'),
  source: str,
  driverType: str,
  cacheMode: str,
  ioMode: str,
  discard: str,
}) satisfies z.ZodType<DomainDisk, unknown>;

const rngSchema = z.object({
  model: z.string(),
  backendModel: z.string(),
  backendSource: str,
  rate: z.object({ bytes: z.number(), period: num }).nullable().default(null),
}) satisfies z.ZodType<DomainRng, unknown>;

// A host-view guest's guest-agent read (docs/platforms.md); one that cannot be read reads as absent.
const agentSchema = z.object({
  status: z.enum(['read', 'blocked', 'no-agent', 'not-responding', 'not-running', 'skipped', 'error']),
  reason: str,
  via: z.string().default(''),
  kernelRelease: str,
  uptimeSec: num,
  entropyAvail: num,
  poolsize: num,
  rngAvailable: z.array(z.string()).nullable().default(null),
  rngCurrent: str,
  fieldErrors: z.record(z.string(), z.string()).default({}),
}) satisfies z.ZodType<GuestAgentRead, unknown>;

const domainSchema = z.object({
  name: z.string(),
  uuid: str,
  state: str,
  genid: str,
  disks: z.array(diskSchema).default([]),
  rngs: z.array(rngSchema).default([]),
  // How the host's probe saw the guest (docs/platforms.md); each reads as absent when it is not the promised shape.
  platform: z.enum(['libvirt', 'proxmox', 'qemu']).optional().catch(undefined),
  vmid: z.number().nullable().optional().catch(undefined),
  pid: z.number().nullable().optional().catch(undefined),
  judgedFrom: z.enum(['running', 'definition']).optional().catch(undefined),
  agentChannel: z.boolean().optional().catch(undefined),
  agent: agentSchema.optional().catch(undefined),
}) satisfies z.ZodType<Domain, unknown>;

const holderSchema = z.object({
  pid: z.number(),
  command: z.string(),
  device: z.enum(['/dev/random', '/dev/urandom', '/dev/hwrng']),
  domain: str,
}) satisfies z.ZodType<DeviceHolder, unknown>;

const observationSchema = z.object({
  kernelRelease: str,
  uptimeSec: num,
  entropyAvail: num,
  poolsize: num,
  rngAvailable: z.array(z.string()).nullable().default(null),
  rngCurrent: str,
  rngQuality: num,
  hwrngPresent: bool,
  rngdRunning: bool,
  havegedRunning: bool,
  cpuRdrand: bool,
  cpuRdseed: bool,
  machineId: str,
  sshHostKeys: z.array(z.object({ type: z.string(), fingerprint: z.string() })).default([]),
  randomSeedSha256: str,
  osId: str,
  osIdLike: z.array(z.string()).default([]),
  fieldErrors: z.record(z.string(), z.string()).default({}),
  host: z
    .object({
      holders: z.array(holderSchema).default([]),
      domains: z.array(domainSchema).default([]),
      // An unknown platform reads as absent (libvirt, as in observations stored before it was recorded).
      platform: z.enum(['libvirt', 'proxmox', 'qemu']).optional().catch(undefined),
      pveVersion: str.optional(),
    })
    .nullable()
    .default(null),
}) satisfies z.ZodType<Observation, unknown>;

// The apply plan (docs/apply.md); one that cannot be read leaves the fix copy-only rather than unreadable.
const applySchema = z.object({
  kind: z.literal('libvirt-domain'),
  host: z.string(),
  domain: z.string(),
  edit: z.discriminatedUnion('op', [
    z.object({ op: z.literal('add-rng') }),
    z.object({ op: z.literal('rng-backend-urandom') }),
    z.object({ op: z.literal('rng-add-rate') }),
    z.object({ op: z.literal('disk-driver'), disk: z.string(), cache: z.string(), io: z.string() }),
    z.object({ op: z.literal('add-genid') }),
  ]),
  restartRequired: z.boolean(),
});

const guestApplySchema = z.object({
  kind: z.literal('guest-commands'),
  target: z.string(),
  action: z.enum(['install-rngd', 'select-hwrng']),
  device: z.string().optional(),
  commands: z
    .array(z.object({ argv: z.array(z.string()).min(1), input: z.array(z.string()).optional() }))
    .min(1),
});

const remediationSchema = z.object({
  apply: applySchema.optional().catch(undefined),
  guestApply: guestApplySchema.optional().catch(undefined),
  summary: z.string(),
  reason: z.string().default(''),
  steps: z
    .array(
      z.object({
        description: z.string(),
        runOn: z.string().optional(),
        command: z.string().optional(),
        xml: z.string().optional(),
      }),
    )
    .default([]),
  restartRequired: z.boolean().default(false),
}) satisfies z.ZodType<Remediation, unknown>;

/** Either the parsed value or a one-line reason why the stored JSON could not be read. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T, unknown>, text: string, what: string): Parsed<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${what} is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const i = r.error.issues[0]!;
  return {
    ok: false,
    error: `${what} does not match its schema at ${i.path.join('.') || '(root)'}: ${i.message}`,
  };
}

/** Reads Observation.data. */
export function parseObservationJson(text: string): Parsed<Observation> {
  return parseWith(observationSchema, text, 'stored observation');
}

/** Reads DomainSnapshot.disks. */
export function parseDisksJson(text: string): Parsed<DomainDisk[]> {
  return parseWith(z.array(diskSchema), text, 'stored disk list');
}

/** Reads DomainSnapshot.rngs. */
export function parseRngsJson(text: string): Parsed<DomainRng[]> {
  return parseWith(z.array(rngSchema), text, 'stored RNG device list');
}

/** Reads Finding.remediation. */
export function parseRemediationJson(text: string): Parsed<Remediation> {
  return parseWith(remediationSchema, text, 'stored remediation');
}
