// Server-side formatting. Times are shown in UTC so server-rendered text never depends on the server's zone
// and never mismatches on hydration; charts (client) use the browser's zone.

/** "2026-11-21 20:49 UTC" */
export function formatTime(d: Date | null | undefined): string {
  if (!d) return '—';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "42 s ago", "5 min ago", "3 h ago", "12 d ago"; "never" for null. */
export function formatAgo(d: Date | null | undefined, now: Date): string {
  if (!d) return 'never';
  const s = Math.round((now.getTime() - d.getTime()) / 1000);
  if (s < 0) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** "60 s", "5 min", "2 h", "3 d" */
export function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/** "3 d 4 h" for an uptime in seconds. */
export function formatUptime(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return '—';
  const d = Math.floor(sec / 86_400);
  const h = Math.floor((sec % 86_400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min ${Math.floor(sec % 60)} s`;
}

export function yesNo(v: boolean | null | undefined): { text: string; className: string } {
  if (v === null || v === undefined) return { text: 'unknown', className: 'no' };
  return v ? { text: 'yes', className: 'yes' } : { text: 'no', className: 'no' };
}

/** The first 12 characters of a long identifier, for tables (the full value goes in a title). */
export function shortId(v: string, n = 12): string {
  return v.length > n ? `${v.slice(0, n)}…` : v;
}
