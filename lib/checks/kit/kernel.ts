// The kernel's RNG model and version decide which entropy rules mean anything: since the 5.18
// random.c rework (and its backports to 5.10.119 and Ubuntu 5.15.0-47) poolsize reads 256 and
// entropy_avail is pinned at 256 once the CRNG is ready, so the classic "entropy_avail < 200" alarm
// is meaningless there. We trust poolsize over the version string because backports keep old numbers.

/** [major, minor, patch] of a kernel release. */
export type KernelVersion = readonly [number, number, number];

/** Which random.c the kernel runs: modern = the 5.18+ rework (poolsize 256), legacy = the 4096-bit pool. */
export type RngModel = 'modern' | 'legacy' | 'unknown';

/** Parses `uname -r` ("5.15.0-47-generic", "4.18.0-513.el8.x86_64", "6.8") into [major, minor, patch]; null if unparsable. */
export function parseKernelRelease(release: string | null | undefined): KernelVersion | null {
  if (release == null) return null;
  const match = /^\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), match[3] === undefined ? 0 : Number(match[3])];
}

/** Compares two kernel versions: negative when a < b, 0 when equal, positive when a > b. */
export function compareKernel(a: KernelVersion, b: KernelVersion): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether the release is older than `version` ([major, minor] or [major, minor, patch]); null if unparsable. */
export function kernelBefore(
  release: string | null | undefined,
  version: readonly [number, number] | KernelVersion,
): boolean | null {
  const parsed = parseKernelRelease(release);
  if (!parsed) return null;
  return compareKernel(parsed, [version[0], version[1], version[2] ?? 0]) < 0;
}

/** The RNG model from /proc/sys/kernel/random/poolsize: 256 → modern, any other number → legacy, null → unknown. */
export function rngModel(poolsize: number | null | undefined): RngModel {
  if (poolsize == null || !Number.isFinite(poolsize)) return 'unknown';
  return poolsize === 256 ? 'modern' : 'legacy';
}

/** "5.15.0" for display. */
export function formatKernel(version: KernelVersion): string {
  return version.join('.');
}
