// Pure: a target fixture → the contents of the files bind-mounted over /proc, /sys, /etc and
// /usr/bin/uname inside its namespace. Kernel files end with a newline, like the real ones.
import { createHash } from 'node:crypto';
import type { OsRelease, TargetFixture } from './types';
import { shellQuote } from '../../lib/checks/remedy/shell-quote';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

const BASE_CPU_FLAGS = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
  'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'syscall', 'nx', 'pdpe1gb',
  'rdtscp', 'lm', 'constant_tsc', 'rep_good', 'nopl', 'xtopology', 'cpuid', 'tsc_known_freq', 'pni',
  'pclmulqdq', 'ssse3', 'fma', 'cx16', 'pcid', 'sse4_1', 'sse4_2', 'x2apic', 'movbe', 'popcnt',
  'aes', 'xsave', 'avx', 'f16c', 'hypervisor', 'lahf_lm', 'abm', 'fsgsbase', 'bmi1', 'avx2', 'smep',
  'bmi2', 'erms', 'invpcid', 'adx', 'smap', 'clflushopt', 'xsaveopt', 'xsavec', 'xgetbv1', 'arat',
]; // prettier-ignore

/** cpu flags of a modern x86 guest, with or without RDRAND/RDSEED. */
export function cpuFlags(opts: { rdrand: boolean; rdseed: boolean }): string[] {
  return [...BASE_CPU_FLAGS, ...(opts.rdrand ? ['rdrand'] : []), ...(opts.rdseed ? ['rdseed'] : [])];
}

/** A healthy modern Debian guest (6.1, CRNG ready, virtio-rng selected); identity fields unique to `name`. */
export function defaultFixture(name: string): TargetFixture {
  return {
    kernelRelease: '6.1.0-27-amd64',
    entropyAvail: 256,
    poolsize: 256,
    uptimeSec: 86_400,
    rngAvailable: 'virtio_rng.0',
    rngCurrent: 'virtio_rng.0',
    rngQuality: 1024,
    hwrng: true,
    rngd: false,
    haveged: false,
    cpuFlags: cpuFlags({ rdrand: true, rdseed: true }),
    machineId: sha256(`machine-id:${name}`).slice(0, 32),
    hostKey: name,
    randomSeed: `lab random seed of ${name} ${sha256(`seed:${name}`)}`,
    osRelease: { id: 'debian', idLike: [], prettyName: 'Debian GNU/Linux 12 (bookworm)', versionId: '12' },
  };
}

/** /proc/uptime: "<uptime> <idle>" with two decimals. */
export function uptimeFile(uptimeSec: number): string {
  return `${uptimeSec.toFixed(2)} ${(uptimeSec * 1.87).toFixed(2)}\n`;
}

/** /proc/cpuinfo with two processors; the probe reads the first `flags` line. */
export function cpuinfoFile(flags: readonly string[]): string {
  const cpu = (n: number) =>
    [
      `processor\t: ${n}`,
      'vendor_id\t: GenuineIntel',
      'cpu family\t: 6',
      'model\t\t: 85',
      'model name\t: Intel Xeon Processor (Cascadelake)',
      'cpu MHz\t\t: 2194.842',
      'cache size\t: 16384 KB',
      `flags\t\t: ${flags.join(' ')}`,
      'bogomips\t: 4389.68',
      '',
    ].join('\n');
  return `${cpu(0)}\n${cpu(1)}\n`;
}

/** os-release quoting: double quotes with `"`, `\`, `$` and backquote escaped. */
function osValue(value: string): string {
  return `"${value.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;
}

/** /etc/os-release with NAME, ID, ID_LIKE (when set), VERSION_ID and PRETTY_NAME. */
export function osReleaseFile(os: OsRelease): string {
  const lines = [
    `PRETTY_NAME=${osValue(os.prettyName ?? os.id)}`,
    `NAME=${osValue(os.prettyName?.split(' ')[0] ?? os.id)}`,
    ...(os.versionId ? [`VERSION_ID=${osValue(os.versionId)}`] : []),
    `ID=${/^[a-z0-9._-]+$/.test(os.id) ? os.id : osValue(os.id)}`,
    ...(os.idLike.length > 0 ? [`ID_LIKE=${osValue(os.idLike.join(' '))}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A stand-in for uname(1) printing the fixture's kernel release. GNU option letters (s n r v m p i
 * o, -a and long forms) in GNU order; the node name comes from the namespace's own hostname.
 */
export function unameScript(kernelRelease: string): string {
  return `#!/bin/sh
# Entropy Watch lab: uname(1) with this target's kernel release (a fixture).
r=${shellQuote(kernelRelease)}
v='#1 SMP PREEMPT_DYNAMIC (lab fixture)'
read -r n </proc/sys/kernel/hostname
want=
[ $# -eq 0 ] && want=s
for a in "$@"; do
  case $a in
    --all) want="\${want}snrvmo" ;;
    --kernel-name) want="\${want}s" ;;
    --nodename) want="\${want}n" ;;
    --kernel-release) want="\${want}r" ;;
    --kernel-version) want="\${want}v" ;;
    --machine) want="\${want}m" ;;
    --processor) want="\${want}p" ;;
    --hardware-platform) want="\${want}i" ;;
    --operating-system) want="\${want}o" ;;
    --help) echo 'Usage: uname [OPTION]... (lab stand-in: -a -s -n -r -v -m -p -i -o)'; exit 0 ;;
    --version) echo 'uname (Entropy Watch lab) 1.0'; exit 0 ;;
    --*) echo "uname: unrecognized option '$a'" >&2; exit 1 ;;
    -*)
      f=\${a#-}
      while [ -n "$f" ]; do
        c=\${f%"\${f#?}"}
        f=\${f#?}
        case $c in
          a) want="\${want}snrvmo" ;;
          [snrvmpio]) want="$want$c" ;;
          *) echo "uname: invalid option -- '$c'" >&2; exit 1 ;;
        esac
      done ;;
    *) echo "uname: extra operand '$a'" >&2; exit 1 ;;
  esac
done
out=
for c in s n r v m p i o; do
  case $want in
    *$c*)
      case $c in
        s) w=Linux ;; n) w=$n ;; r) w=$r ;; v) w=$v ;; m) w=x86_64 ;; p | i) w=unknown ;; o) w=GNU/Linux ;;
      esac
      out="\${out:+$out }$w" ;;
  esac
done
printf '%s\\n' "$out"
`;
}

/** Files of the fixture relative to the target directory, with their contents (a null content: no file). */
export function fixtureFiles(f: TargetFixture): Record<string, string | null> {
  return {
    entropy_avail: `${f.entropyAvail}\n`,
    poolsize: `${f.poolsize}\n`,
    uptime: uptimeFile(f.uptimeSec),
    cpuinfo: cpuinfoFile(f.cpuFlags),
    uname: unameScript(f.kernelRelease),
    'machine-id': `${f.machineId}\n`,
    'os-release': osReleaseFile(f.osRelease),
    'hw_random/rng_available': `${f.rngAvailable}\n`,
    'hw_random/rng_current': `${f.rngCurrent}\n`,
    'hw_random/rng_quality': f.rngQuality === null ? null : `${f.rngQuality}\n`,
    'systemd/random-seed': f.randomSeed,
  };
}

/** Checks a fixture for values that would make the lab lie (NaN, negative counts, newlines in one-line files). */
export function validateFixture(name: string, f: TargetFixture): void {
  const problems: string[] = [];
  for (const key of ['entropyAvail', 'poolsize', 'uptimeSec'] as const) {
    if (!Number.isFinite(f[key]) || f[key] < 0) problems.push(`${key} must be a number ≥ 0, got ${f[key]}`);
  }
  if (f.rngQuality !== null && !Number.isInteger(f.rngQuality)) {
    problems.push(`rngQuality must be an integer or null, got ${f.rngQuality}`);
  }
  for (const key of ['kernelRelease', 'rngAvailable', 'rngCurrent', 'machineId', 'hostKey'] as const) {
    if (/[\n\0]/.test(f[key])) problems.push(`${key} must be one line without NUL bytes`);
  }
  if (f.kernelRelease === '') problems.push('kernelRelease must not be empty');
  if (f.hostKey === '') problems.push('hostKey must name a key');
  if (f.osRelease.id === '') problems.push('osRelease.id must not be empty');
  if (problems.length > 0) throw new Error(`lab target "${name}": ${problems.join('; ')}`);
}
