import { describe, expect, it } from 'vitest';
import {
  findingsQuerySchema,
  pageParamsToObject,
  parseChartRange,
  parseDuration,
  parseInstant,
  samplesQuerySchema,
  searchParamsToObject,
} from './params';

const NOW = new Date('2026-11-21T12:00:00Z');

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    [' 2m ', 120_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', 'm', '0m', '1.5h', '5 m', '-1m', '1w', '5min'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );
});

describe('parseInstant', () => {
  it('reads unix milliseconds', () =>
    expect(parseInstant('1763712000000')?.toISOString()).toBe('2025-11-21T08:00:00.000Z'));
  it('reads ISO times with zone and plain dates', () => {
    expect(parseInstant('2026-11-21T08:00:00Z')?.getTime()).toBe(Date.UTC(2026, 10, 21, 8));
    expect(parseInstant('2026-11-21T10:00:00+02:00')?.getTime()).toBe(Date.UTC(2026, 10, 21, 8));
    expect(parseInstant('2026-11-21')?.getTime()).toBe(Date.UTC(2026, 10, 21));
  });
  it.each(['yesterday', 'Nov 21 2026', '2026-13-45', '12:00', '1e12', ''])('rejects %j', (t) =>
    expect(parseInstant(t)).toBeNull(),
  );
});

describe('samplesQuerySchema', () => {
  const parse = (q: Record<string, string>) => samplesQuerySchema(NOW).safeParse(q);

  it('defaults to the 24 hours before now', () => {
    const r = parse({});
    expect(r.success && r.data).toEqual({
      from: new Date('2026-11-20T12:00:00Z'),
      to: NOW,
      stepMs: undefined,
    });
  });

  it('accepts ISO and unix-ms bounds and a step', () => {
    const r = parse({ from: '2026-11-21T00:00:00Z', to: String(NOW.getTime()), step: '5m' });
    expect(r.success && r.data).toEqual({ from: new Date('2026-11-21T00:00:00Z'), to: NOW, stepMs: 300_000 });
  });

  it('says which parameter is wrong and what a valid value looks like', () => {
    const r = parse({ from: 'last tuesday', step: 'often' });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toContainEqual([
      'from',
      expect.stringContaining('ISO 8601 time like 2026-11-21T08:00:00Z'),
    ]);
    expect(issues).toContainEqual([
      'step',
      expect.stringContaining('duration like 30s, 5m, 1h or 1d, got "often"'),
    ]);
  });

  it('refuses from ≥ to and ranges over 400 days', () => {
    expect(
      parse({ from: '2026-11-21T12:00:00Z', to: '2026-11-21T12:00:00Z' }).error?.issues[0]?.message,
    ).toBe('must be earlier than "to"');
    expect(parse({ from: '2025-01-01' }).error?.issues[0]?.message).toMatch(/at most 400 days/);
  });
});

describe('findingsQuerySchema', () => {
  it('defaults to open findings of every severity', () => {
    expect(findingsQuerySchema.parse({})).toEqual({ state: 'open' });
  });

  it('reads a comma list of severities, deduplicated', () => {
    expect(findingsQuerySchema.parse({ state: 'all', severity: 'warning, critical,warning' })).toEqual({
      state: 'all',
      severity: ['warning', 'critical'],
    });
  });

  it('names the bad value', () => {
    const r = findingsQuerySchema.safeParse({ state: 'closed', severity: 'high' });
    const messages = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('state: must be open, resolved, all, silenced or accepted, got "closed"');
    expect(messages).toContain(
      'severity: must be one or more of info, warning, critical separated by commas, got "high"',
    );
  });

  it('refuses an empty target name', () => {
    expect(findingsQuerySchema.safeParse({ target: '  ' }).success).toBe(false);
  });

  it('reads the silenced and accepted views and the true/false filters', () => {
    expect(findingsQuerySchema.parse({ state: 'silenced' })).toEqual({ state: 'silenced' });
    expect(findingsQuerySchema.parse({ silenced: 'false', accepted: 'true' })).toEqual({
      state: 'open',
      silenced: false,
      accepted: true,
    });
    const r = findingsQuerySchema.safeParse({ silenced: 'no' });
    expect(r.error!.issues.map((i) => i.message)).toEqual(['silenced must be true or false, got "no"']);
  });
});

describe('parseChartRange', () => {
  it('accepts the offered ranges and falls back to 24h', () => {
    expect(parseChartRange('7d')).toBe('7d');
    expect(parseChartRange(['30d', '1h'])).toBe('30d');
    expect(parseChartRange(undefined)).toBe('24h');
    expect(parseChartRange('toString')).toBe('24h');
    expect(parseChartRange('2y')).toBe('24h');
  });
});

describe('params to objects', () => {
  it('keeps the first value of repeated keys', () => {
    expect(searchParamsToObject(new URLSearchParams('a=1&a=2&b=3'))).toEqual({ a: '1', b: '3' });
    expect(pageParamsToObject({ a: ['1', '2'], b: '', c: undefined, d: 'x' })).toEqual({ a: '1', d: 'x' });
  });
});
