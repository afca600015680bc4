import type { Check } from './types';

/** Checks by id, in registration order. */
export interface CheckRegistry {
  readonly all: readonly Check[];
  get(id: string): Check | undefined;
}

/** Builds a registry; throws on a duplicate or malformed id or a check without reason/source. */
export function createCheckRegistry(checks: readonly Check[]): CheckRegistry {
  const byId = new Map<string, Check>();
  for (const check of checks) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(check.id)) {
      throw new Error(`check id "${check.id}" must be kebab-case (lowercase words joined by "-")`);
    }
    if (byId.has(check.id))
      throw new Error(`check id "${check.id}" is registered twice; check ids must be unique`);
    if (!check.reason.trim() || !check.source.trim()) {
      throw new Error(`check "${check.id}" needs a reason and a source`);
    }
    if (check.appliesTo.length === 0) throw new Error(`check "${check.id}" applies to no target kind`);
    byId.set(check.id, check);
  }
  const all = Object.freeze([...byId.values()]);
  return { all, get: (id) => byId.get(id) };
}
