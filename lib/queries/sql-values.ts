// Raw SQL through Prisma returns computed integers as bigint and DATETIME columns as Date; these
// helpers turn the loose row values into the plain types the read models promise.

/** A number from a raw row value (number, bigint or numeric string); null when absent or not numeric. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** A Date from a raw row value (Date, unix-ms number/bigint or ISO string); null when absent. */
export function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  const n = toNumber(v);
  if (n !== null) return new Date(n);
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  return null;
}

/** A string from a raw row value; null when absent. */
export function toText(v: unknown): string | null {
  return typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);
}
