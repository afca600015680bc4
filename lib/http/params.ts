import { SEVERITIES, type Severity } from '../model';
import { z } from 'zod';

// Query-string parsing shared by the API and the pages. Pure: "now" is passed in, never read.

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DAY = UNIT_MS.d;

/** Longest time range a series request may span. */
export const MAX_RANGE_MS = 400 * DAY;

/** Parses "90s", "5m", "1h", "7d" into milliseconds; null when the text is not such a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,6})(s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms > 0 ? ms : null;
}

/** Parses an ISO 8601 time or unix milliseconds; null when it is neither. */
export function parseInstant(text: string): Date | null {
  const t = text.trim();
  if (/^\d{1,15}$/.test(t)) return new Date(Number(t));
  // Date.parse accepts many loose forms; insist on an ISO-looking date first.
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const INSTANT_HINT =
  'must be an ISO 8601 time like 2026-11-21T08:00:00Z or unix milliseconds like 1763712000000';

function instant() {
  return z.string().transform((s, ctx) => {
    const d = parseInstant(s);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `${INSTANT_HINT}, got "${s}"` });
      return z.NEVER;
    }
    return d;
  });
}

function duration() {
  return z.string().transform((s, ctx) => {
    const ms = parseDuration(s);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `must be a duration like 30s, 5m, 1h or 1d, got "${s}"` });
      return z.NEVER;
    }
    return ms;
  });
}

/** Query of GET /api/v1/targets/{name}/samples: from/to default to the last 24 h before now. */
export function samplesQuerySchema(now: Date) {
  return z
    .object({ from: instant().optional(), to: instant().optional(), step: duration().optional() })
    .transform((q) => {
      const to = q.to ?? now;
      const from = q.from ?? new Date(to.getTime() - DAY);
      return { from, to, stepMs: q.step };
    })
    .superRefine((q, ctx) => {
      if (q.from.getTime() >= q.to.getTime()) {
        ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be earlier than "to"' });
      } else if (q.to.getTime() - q.from.getTime() > MAX_RANGE_MS) {
        ctx.addIssue({
          code: 'custom',
          path: ['from'],
          message: 'the range may span at most 400 days; narrow it',
        });
      }
    });
}

/** open, resolved or all; silenced and accepted are the open findings muted by a silence or an accept: entry. */
export const FINDING_STATES = ['open', 'resolved', 'all', 'silenced', 'accepted'] as const;
export { SEVERITIES };
export type FindingStateFilter = (typeof FINDING_STATES)[number];
export type SeverityName = Severity;

// "warning,critical" or "critical": a comma list of severities.
const severityList = z.string().transform((s, ctx) => {
  const parts = s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = parts.filter((p) => !(SEVERITIES as readonly string[]).includes(p));
  if (bad.length || parts.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be one or more of info, warning, critical separated by commas, got "${s}"`,
    });
    return z.NEVER;
  }
  return [...new Set(parts)] as SeverityName[];
});

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const yesNo = (what: string) =>
  z
    .enum(['true', 'false'], { error: (i) => `${what} must be true or false, got "${String(i.input)}"` })
    .transform((v) => v === 'true');

/** Query of GET /api/v1/findings and the Findings page. */
export const findingsQuerySchema = z.object({
  state: z
    .enum(FINDING_STATES, {
      error: (i) => `must be open, resolved, all, silenced or accepted, got "${String(i.input)}"`,
    })
    .default('open'),
  severity: severityList.optional(),
  target: name.optional(),
  rule: name.optional(),
  /** false leaves out findings a silence covers now; true keeps only those */
  silenced: yesNo('silenced').optional(),
  /** false leaves out accepted findings; true keeps only those */
  accepted: yesNo('accepted').optional(),
});
export type FindingsQuery = z.infer<typeof findingsQuerySchema>;

/** Chart ranges offered by the pages (a URL search param). */
export const CHART_RANGES = { '1h': 3_600_000, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY } as const;
export type ChartRange = keyof typeof CHART_RANGES;

/** The chart range named by a page's ?range= (24h when absent or unknown, so an old link still renders). */
export function parseChartRange(value: string | string[] | undefined): ChartRange {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== undefined && Object.hasOwn(CHART_RANGES, v) ? (v as ChartRange) : '24h';
}

/** Turns URLSearchParams into a plain object (first value wins) for zod. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}

/** Same for the `searchParams` object Next.js hands a page. */
export function pageParamsToObject(
  params: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined && first !== '') out[k] = first;
  }
  return out;
}
