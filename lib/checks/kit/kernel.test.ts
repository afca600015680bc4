import { describe, expect, it } from 'vitest';
import { compareKernel, formatKernel, kernelBefore, parseKernelRelease, rngModel } from './kernel';

describe('parseKernelRelease', () => {
  it.each([
    ['5.15.0-47-generic', [5, 15, 0]],
    ['4.18.0-513.el8.x86_64', [4, 18, 0]],
    ['6.1.0-27-amd64', [6, 1, 0]],
    ['3.10.0-1160.el7.x86_64', [3, 10, 0]],
    ['5.10.119', [5, 10, 119]],
    ['2.6.32-754.el6.x86_64', [2, 6, 32]],
    ['6.8', [6, 8, 0]],
    ['6.18.0-rc3+', [6, 18, 0]],
  ])('%s → %j', (release, expected) => {
    expect(parseKernelRelease(release)).toEqual(expected);
  });

  it.each([null, undefined, '', 'generic', 'v5.15', '5', 'linux-5.15'])('%j is unparsable', (release) => {
    expect(parseKernelRelease(release)).toBeNull();
  });
});

describe('compareKernel / kernelBefore', () => {
  it('orders by major, then minor, then patch', () => {
    expect(compareKernel([5, 6, 0], [5, 5, 99])).toBeGreaterThan(0);
    expect(compareKernel([5, 10, 119], [5, 18, 0])).toBeLessThan(0);
    expect(compareKernel([4, 19, 0], [5, 0, 0])).toBeLessThan(0);
    expect(compareKernel([5, 6, 0], [5, 6, 0])).toBe(0);
    expect(compareKernel([5, 6, 1], [5, 6, 0])).toBeGreaterThan(0);
  });

  it.each([
    ['5.5.19', [5, 6], true],
    ['5.6.0', [5, 6], false],
    ['5.17.15', [5, 18], true],
    ['5.18.0', [5, 18], false],
    ['3.16.85', [3, 17], true],
    ['3.17.0', [3, 17], false],
    ['6.1.0-27-amd64', [6, 2], true],
    ['6.2.0', [6, 2], false],
    ['10.0.0', [6, 2], false],
  ] as const)('%s before %j → %s', (release, version, expected) => {
    expect(kernelBefore(release, version)).toBe(expected);
  });

  it('is null (unknown) for an unparsable release', () => {
    expect(kernelBefore('garbage', [5, 6])).toBeNull();
    expect(kernelBefore(null, [5, 6])).toBeNull();
  });
});

describe('rngModel', () => {
  it('decides from poolsize alone', () => {
    expect(rngModel(256)).toBe('modern');
    expect(rngModel(4096)).toBe('legacy');
    expect(rngModel(512)).toBe('legacy');
    expect(rngModel(null)).toBe('unknown');
    expect(rngModel(Number.NaN)).toBe('unknown');
  });

  it('formats a version for display', () => {
    expect(formatKernel([5, 15, 0])).toBe('5.15.0');
  });
});
