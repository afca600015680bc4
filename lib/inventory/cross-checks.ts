import { didYouMean, formatPath } from './issues';

export interface CrossCheckContext {
  report(path: PropertyKey[], message: string): void;
  lineOf(path: PropertyKey[]): number;
}

/**
 * Checks that span entries (unique target and webhook names, `via` naming a host) on the raw parsed file, so
 * they are reported together with type errors elsewhere; entries with a malformed name are skipped here.
 */
export function checkAcrossEntries(raw: unknown, ctx: CrossCheckContext): void {
  const hosts = listAt(raw, 'hosts');
  const targets: { name: string; path: PropertyKey[] }[] = [];
  const hostNames: string[] = [];
  const vias: { via: string; path: PropertyKey[] }[] = [];
  hosts.forEach((host, hi) => {
    const name = stringAt(host, 'name');
    if (name !== undefined) {
      targets.push({ name, path: ['hosts', hi, 'name'] });
      hostNames.push(name);
    }
    listAt(host, 'guests').forEach((guest, gi) => {
      const guestName = stringAt(guest, 'name');
      if (guestName !== undefined)
        targets.push({ name: guestName, path: ['hosts', hi, 'guests', gi, 'name'] });
      const via = stringAt(guest, 'via');
      if (via !== undefined) vias.push({ via, path: ['hosts', hi, 'guests', gi, 'via'] });
    });
  });
  checkUnique(ctx, 'target', targets);
  checkUnique(
    ctx,
    'webhook',
    listAt(raw, 'webhooks').flatMap((w, i) => {
      const name = stringAt(w, 'name');
      return name === undefined ? [] : [{ name, path: ['webhooks', i, 'name'] }];
    }),
  );
  for (const { via, path } of vias) {
    if (hostNames.includes(via)) continue;
    const hint = didYouMean(via, hostNames);
    const listed = hostNames.length > 8 ? `${hostNames.slice(0, 8).join(', ')}, ...` : hostNames.join(', ');
    ctx.report(
      path,
      `"${via}" is not a host in this file${hint ? `; did you mean "${hint}"?` : ` (hosts: ${listed})`}`,
    );
  }
}

function checkUnique(
  ctx: CrossCheckContext,
  what: string,
  entries: { name: string; path: PropertyKey[] }[],
): void {
  const seen = new Map<string, PropertyKey[]>();
  for (const e of entries) {
    const first = seen.get(e.name);
    if (!first) {
      seen.set(e.name, e.path);
      continue;
    }
    ctx.report(
      e.path,
      `"${e.name}" is already the name of ${formatPath(first.slice(0, -1))} (line ${ctx.lineOf(first)}); ${what} names must be unique`,
    );
  }
}

function listAt(value: unknown, key: string): unknown[] {
  const v = isRecord(value) ? value[key] : undefined;
  return Array.isArray(v) ? v : [];
}

function stringAt(value: unknown, key: string): string | undefined {
  const v = isRecord(value) ? value[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
