import { describe, expect, it } from 'vitest';
import { chooseStep, formatStep, MAX_POINTS, planSeries, SeriesPlanError } from './series-plan';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TO = new Date('2026-11-21T12:34:56Z');
const before = (ms: number) => new Date(TO.getTime() - ms);

describe('planSeries: automatic step', () => {
  it.each([
    ['1h', HOUR, MIN, 'raw'],
    ['24h', DAY, 2 * MIN, 'raw'],
    ['7d', 7 * DAY, 15 * MIN, 'raw'],
    ['30d', 30 * DAY, HOUR, 'rollup'],
    ['90d', 90 * DAY, 3 * HOUR, 'rollup'],
    ['400d', 400 * DAY, 12 * HOUR, 'rollup'],
  ])('%s → the smallest nice step within %i', (_label, range, step, source) => {
    const plan = planSeries({ from: before(range), to: TO });
    expect(plan.stepMs).toBe(step);
    expect(plan.source).toBe(source);
    expect(plan.maxBuckets).toBeLessThanOrEqual(MAX_POINTS);
  });

  it('aligns the first bucket down to the step', () => {
    const plan = planSeries({ from: before(30 * DAY), to: TO });
    expect(plan.from.getTime() % HOUR).toBe(0);
    expect(plan.from.getTime()).toBeLessThanOrEqual(before(30 * DAY).getTime());
  });

  it('never exceeds the point budget, for any range up to 400 days', () => {
    for (let range = MIN; range <= 400 * DAY; range = Math.ceil(range * 1.37)) {
      const plan = planSeries({ from: before(range), to: TO });
      expect(plan.maxBuckets, `range ${range}`).toBeLessThanOrEqual(MAX_POINTS);
    }
  });

  it('goes past the table with whole days for multi-year ranges', () => {
    const step = chooseStep(0, 10 * 365 * DAY);
    expect(step % DAY).toBe(0);
    expect(Math.ceil((10 * 365 * DAY) / step)).toBeLessThanOrEqual(MAX_POINTS);
  });
});

describe('planSeries: explicit step', () => {
  it('uses a step that fits, with rollups only for whole hours', () => {
    expect(planSeries({ from: before(DAY), to: TO, stepMs: 5 * MIN })).toMatchObject({
      stepMs: 5 * MIN,
      source: 'raw',
    });
    expect(planSeries({ from: before(7 * DAY), to: TO, stepMs: 2 * HOUR })).toMatchObject({
      source: 'rollup',
    });
    expect(planSeries({ from: before(7 * DAY), to: TO, stepMs: 90 * MIN })).toMatchObject({ source: 'raw' });
  });

  it('refuses a step that would give more than 1000 points and names one that works', () => {
    expect(() => planSeries({ from: before(30 * DAY), to: TO, stepMs: MIN })).toThrow(SeriesPlanError);
    expect(() => planSeries({ from: before(30 * DAY), to: TO, stepMs: MIN })).toThrow(
      /step 1m over this range gives 4320\d points, more than the 1000 allowed; use step=1h or larger/,
    );
  });

  it('refuses an empty or inverted range', () => {
    expect(() => planSeries({ from: TO, to: TO })).toThrow('"from" must be earlier than "to"');
    expect(() => planSeries({ from: TO, to: before(1) })).toThrow(SeriesPlanError);
  });
});

describe('formatStep', () => {
  it('writes steps back in API notation', () => {
    expect([MIN, 15 * MIN, HOUR, 12 * HOUR, DAY, 2 * DAY, 90_000].map(formatStep)).toEqual([
      '1m',
      '15m',
      '1h',
      '12h',
      '1d',
      '2d',
      '90s',
    ]);
  });
});
