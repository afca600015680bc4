// The input policy's table: how long each field may be, what it may consist of, and how many items
// each list may hold. The bounds are generous for every real machine and tight for a flood.
import type { TextRule } from './input-policy';

const PRINTABLE_ASCII = /^[\x21-\x7e]$/;
const PRINTABLE_ASCII_WORDS = 'printable ASCII without spaces';
// After the forbidden characters (controls, bidi) are refused, any other character is allowed.
const ANY = /^[\s\S]$/u;
const ANY_WORDS = 'any printable character';
const TOKEN = /^[A-Za-z0-9._+-]$/;
const TOKEN_WORDS = 'letters, digits and . _ + -';

const ascii = (what: string, max: number): TextRule => ({
  what,
  max,
  allowed: PRINTABLE_ASCII,
  allowedWords: PRINTABLE_ASCII_WORDS,
});
const token = (what: string, max = 64): TextRule => ({
  what,
  max,
  allowed: TOKEN,
  allowedWords: TOKEN_WORDS,
});
const anyText = (what: string, max: number): TextRule => ({
  what,
  max,
  allowed: ANY,
  allowedWords: ANY_WORDS,
});

/** PATH_MAX on Linux (limits.h): a longer source path cannot be opened by QEMU anyway. */
const PATH_MAX = 4096;

export const RULES = {
  // utsname.release is __NEW_UTS_LEN = 64 characters (include/uapi/linux/utsname.h).
  kernelRelease: ascii('kernel release', 64),
  // hw_random names are kernel driver names (drivers/char/hw_random/core.c), a few dozen characters.
  rngName: ascii('hwrng name', 64),
  cpuFlag: ascii('CPU flag', 64),
  // /proc/PID/comm is TASK_COMM_LEN - 1 = 15 bytes; some packagings read it from elsewhere.
  daemonName: anyText('process name', 64),
  // os-release(5): ID and ID_LIKE are "0–9, a–z, '.', '_' and '-'".
  osId: { what: 'os-release ID', max: 64, allowed: /^[a-z0-9._-]$/, allowedWords: 'a-z, 0-9, . _ -' },
  sshKeyLine: anyText('host key line', 16 * 1024),
  lsofCommand: anyText('lsof command name', 256),
  // libvirt keeps a persistent domain as <name>.xml in one directory: NAME_MAX (255) bounds it.
  domainName: anyText('domain name', 255),
  domainUuid: { what: 'domain UUID', max: 36, allowed: /^[0-9a-fA-F-]$/, allowedWords: 'hex digits and -' },
  genid: { what: 'genid', max: 36, allowed: /^[0-9a-fA-F-]$/, allowedWords: 'hex digits and -' },
  // virsh translates states ("shut off", "ausgeschaltet", "éteint"): letters, spaces and hyphens.
  domainState: {
    what: 'domain state',
    max: 32,
    allowed: /^[\p{L}\p{M} -]$/u,
    allowedWords: 'letters, space, -',
  },
  diskTarget: token('target dev'),
  diskAttribute: token('attribute'),
  path: anyText('path', PATH_MAX),
  rngAttribute: token('attribute'),
} satisfies Record<string, TextRule>;

export const COUNTS = {
  sshHostKeys: 16,
  daemons: 64,
  rngAvailable: 32,
  cpuFlags: 1024,
  osIdLike: 16,
  /** processes lsof reports holding an entropy device */
  holders: 8192,
  domains: 4096,
  disksPerDomain: 64,
  rngsPerDomain: 16,
} as const;
