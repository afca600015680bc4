// The input policy for a domain's values, whichever parser read them (libvirt XML, a QEMU command
// line, a Proxmox VE config): the same lengths, character sets and counts, the same messages.
import type { DomainDisk, DomainRng } from './types';
import { COUNTS, RULES } from './field-rules';
import { checkCount, checkText, type TextRule } from './input-policy';

const at = (rule: TextRule, where: string): TextRule => ({ ...rule, what: `${where} ${rule.what}` });
const optional = (value: string | null, rule: TextRule) => (value === null ? null : checkText(value, rule));

/** Why one disk's values break the policy (a REFUSED message naming the disk and the field), or null. */
export function diskRefusal(disk: DomainDisk, where: string): string | null {
  const attribute = (name: string) => at(RULES.diskAttribute, `${where} ${name}`);
  return (
    checkText(disk.device, attribute('device')) ??
    checkText(disk.target, at(RULES.diskTarget, where)) ??
    checkText(disk.type, attribute('type')) ??
    optional(disk.source, at(RULES.path, `${where} source`)) ??
    optional(disk.driverType, attribute('driver type')) ??
    optional(disk.cacheMode, attribute('driver cache')) ??
    optional(disk.ioMode, attribute('driver io')) ??
    optional(disk.discard, attribute('driver discard')) ??
    optional(disk.pveValue ?? null, at(RULES.path, `${where} Proxmox config value`))
  );
}

/** Why one RNG device's values break the policy, or null. */
export function rngRefusal(rng: DomainRng, where: string): string | null {
  return (
    checkText(rng.model, at(RULES.rngAttribute, `${where} model`)) ??
    checkText(rng.backendModel, at(RULES.rngAttribute, `${where} backend model`)) ??
    optional(rng.backendSource, at(RULES.path, `${where} backend`))
  );
}

/** Why a domain's disk and RNG counts break the policy, or null. */
export function deviceCountRefusal(disks: number, rngs: number): string | null {
  return (
    checkCount(disks, COUNTS.disksPerDomain, 'disks') ?? checkCount(rngs, COUNTS.rngsPerDomain, 'RNG devices')
  );
}

interface DomainValues<D extends DomainDisk> {
  name: string | null;
  uuid: string | null;
  genid: string | null;
  disks: D[];
  rngs: DomainRng[];
  problems: string[];
}

/**
 * The values with every refused one removed and named in `problems`: a refused name, UUID or genid
 * becomes null, a refused disk or RNG device is left out, and too many of either leaves none.
 */
export function withDomainPolicy<D extends DomainDisk, T extends DomainValues<D>>(values: T): T {
  const problems = [...values.problems];
  const keep = <V>(value: V | null, why: string | null): V | null => {
    if (why) problems.push(why);
    return why ? null : value;
  };
  const name = keep(values.name, optional(values.name, RULES.domainName));
  const uuid = keep(values.uuid, optional(values.uuid, RULES.domainUuid));
  const genid = keep(values.genid, optional(values.genid, RULES.genid));
  const tooMany = deviceCountRefusal(values.disks.length, values.rngs.length);
  if (tooMany) problems.push(tooMany);
  const disks = tooMany
    ? []
    : values.disks.filter((d, i) => keep(d, diskRefusal(d, `disk #${i + 1}`)) !== null);
  const rngs = tooMany ? [] : values.rngs.filter((r, i) => keep(r, rngRefusal(r, `rng #${i + 1}`)) !== null);
  return { ...values, name, uuid, genid, disks, rngs, problems };
}
