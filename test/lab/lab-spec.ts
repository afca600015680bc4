// Pure: a LabSpec → one record per target (hosts, their guests, extras) with defaults applied and
// every mistake reported at once, naming the target and what to fix.
import { nodeXml } from './domain-xml';
import { defaultFixture, validateFixture } from './fixture-files';
import type { TargetRecord } from './target-runtime';
import type {
  LabGuestSpec,
  LabHolderSpec,
  LabHostSpec,
  LabInventorySettings,
  LabSpec,
  TargetFixture,
} from './types';

/** A target before it has a port, a directory or a process. */
export type TargetSeed = Omit<TargetRecord, 'running' | 'initPid'>;

export interface BuiltTargets {
  targets: TargetSeed[];
  settings: LabInventorySettings;
  nodeXml(domains: readonly string[]): string;
  validate(name: string, fixture: TargetFixture): void;
}

const HOLDER_DEVICES = ['/dev/random', '/dev/urandom'];

/** Problems with a host's holders: each needs a domain and devices among /dev/random, /dev/urandom. */
export function holderProblems(holders: readonly LabHolderSpec[]): string[] {
  const problems: string[] = [];
  holders.forEach((h, i) => {
    if (typeof h.domain !== 'string' || h.domain === '' || /[\n\0]/.test(h.domain)) {
      problems.push(`holders[${i}]: domain must be a non-empty one-line string`);
    }
    const bad = (h.devices ?? []).filter((d) => !HOLDER_DEVICES.includes(d));
    if (bad.length > 0 || (h.devices && h.devices.length === 0)) {
      problems.push(
        `holders[${i}]: devices must be a non-empty list of ${HOLDER_DEVICES.join(', ')}, got ${JSON.stringify(h.devices)}`,
      );
    }
  });
  return problems;
}

/** The keys a FixturePatch may carry; anything else is a typo the lab would silently ignore. */
export const PATCH_KEYS: readonly string[] = [...Object.keys(defaultFixture('x')), 'domains', 'holders'];

// The inventory's rule for target names (lib/inventory/fields.ts): the lab writes what it accepts.
const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const FIXTURE_KEYS = Object.keys(defaultFixture('x')) as (keyof TargetFixture)[];

/** The full fixture of a target: the defaults for its name with the spec's fixture fields on top. */
export function resolveFixture(name: string, spec: Partial<TargetFixture>): TargetFixture {
  const fixture = defaultFixture(name);
  for (const key of FIXTURE_KEYS) {
    if (spec[key] !== undefined) (fixture as unknown as Record<string, unknown>)[key] = spec[key];
  }
  validateFixture(name, fixture);
  return fixture;
}

function pinnedKey(name: string, fixture: TargetFixture, pin: TargetSeed['pin']): string | null {
  if (pin === 'none') return null;
  // A key pinned from "before": the target presents another one → host-key-mismatch.
  if (pin === 'stale') return `${name}#stale`;
  return fixture.hostKey;
}

function seed(
  spec: LabHostSpec | LabGuestSpec,
  kind: 'host' | 'guest',
  host: LabHostSpec | null,
  fixture: Partial<TargetFixture> = spec,
): TargetSeed {
  const f = resolveFixture(spec.name, fixture);
  const pin = spec.pin ?? 'current';
  const guest = kind === 'guest' ? (spec as LabGuestSpec) : null;
  const hostSpec = kind === 'host' ? (spec as LabHostSpec) : null;
  return {
    info: {
      name: spec.name,
      kind,
      port: 0,
      pid: null,
      behavior: spec.behavior ?? 'normal',
      hostName: host?.name ?? null,
      domain: guest ? (guest.domain ?? guest.name) : null,
      libvirtUri: null,
      dir: '',
    },
    fixture: f,
    holders: hostSpec?.holders ?? [],
    domains: hostSpec ? (hostSpec.domains ?? []) : null,
    via: guest?.via ?? false,
    pin,
    pinnedKey: pinnedKey(spec.name, f, pin),
    autostart: spec.start ?? true,
    proxmox: hostSpec?.proxmox ?? null,
    noVirsh: hostSpec?.noVirsh ?? false,
    recordCommands: spec.recordCommands ?? false,
  };
}

/** Validates the spec and lists its targets: each host, then its guests; then the extras. */
export function buildTargets(spec: LabSpec): BuiltTargets {
  const problems: string[] = [];
  const targets: TargetSeed[] = [];
  const names = new Set<string>();
  const add = (make: () => TargetSeed, name: unknown, where: string) => {
    if (typeof name !== 'string' || !TARGET_NAME.test(name)) {
      problems.push(
        `${where}: name must be letters, digits, ".", "_" or "-" (up to 128, as in the inventory), got ${JSON.stringify(name)}`,
      );
      return;
    }
    if (names.has(name))
      problems.push(
        `${where}: target name "${name}" is used twice (names are unique across hosts, guests and extras)`,
      );
    names.add(name);
    try {
      targets.push(make());
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
  };
  if (!Array.isArray(spec.hosts) || spec.hosts.length === 0) problems.push('hosts: give at least one host');
  (spec.hosts ?? []).forEach((host, i) => {
    add(() => seed(host, 'host', null), host.name, `hosts[${i}]`);
    problems.push(...holderProblems(host.holders ?? []).map((p) => `hosts[${i}].${p}`));
    const domains = new Set<string>();
    (host.guests ?? []).forEach((guest, j) => {
      const domain = guest.domain ?? guest.name;
      if (domains.has(domain))
        problems.push(`hosts[${i}].guests[${j}]: domain "${domain}" is claimed twice on "${host.name}"`);
      domains.add(domain);
      add(() => seed(guest, 'guest', host), guest.name, `hosts[${i}].guests[${j}]`);
    });
  });
  (spec.extras ?? []).forEach((extra, i) => {
    const where = `extras[${i}]`;
    if (!['hang', 'garbage', 'stopped'].includes(extra.behavior)) {
      problems.push(
        `${where}: behavior must be hang, garbage or stopped, got ${JSON.stringify(extra.behavior)}`,
      );
      return;
    }
    const host = extra.guestOf === undefined ? null : spec.hosts.find((h) => h.name === extra.guestOf);
    if (host === undefined) {
      problems.push(`${where}: guestOf "${extra.guestOf}" is not a host of this spec`);
      return;
    }
    const base = {
      name: extra.name,
      behavior: extra.behavior === 'stopped' ? ('normal' as const) : extra.behavior,
      start: extra.behavior !== 'stopped',
    };
    add(
      () => {
        const s = seed(base, host ? 'guest' : 'host', host, extra.fixture ?? {});
        // An extra listed as a host gets the lab's empty libvirt node.
        return host ? s : { ...s, domains: null };
      },
      extra.name,
      where,
    );
  });
  if (problems.length > 0) throw new Error(`invalid lab spec:\n  ${problems.join('\n  ')}`);
  return { targets, settings: spec.inventory ?? {}, nodeXml, validate: validateFixture };
}
