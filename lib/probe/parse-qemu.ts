// Which libvirt domain a QEMU process runs, from its command line.

/** True when an lsof command name is a QEMU process (lsof cuts names to 15 chars: "qemu-system-x86"). */
export function isQemuCommand(command: string): boolean {
  return /^qemu-(system-|kvm)/.test(command) || command === 'kvm';
}

/** Splits a QEMU option string on "," where ",," stands for a literal comma. */
export function splitQemuOpts(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch !== ',') {
      current += ch;
    } else if (value[i + 1] === ',') {
      current += ',';
      i++;
    } else {
      parts.push(current);
      current = '';
    }
  }
  parts.push(current);
  return parts;
}

const NAME_KEYS = /^(process|debug-threads)=/;

/** The guest name from `-name guest=NAME,...` or `-name NAME` in argv; null when there is none. */
export function qemuGuestName(argv: string[]): string | null {
  const at = argv.findIndex((a) => a === '-name' || a === '--name');
  const value = at >= 0 ? argv[at + 1] : undefined;
  if (value === undefined || value === '') return null;
  const [first = '', ...rest] = splitQemuOpts(value);
  if (first.startsWith('guest=')) return first.slice('guest='.length) || null;
  // "guest" is QEMU's implied key: a first part without a known key is the name itself.
  if (!NAME_KEYS.test(first)) return first || null;
  const guest = rest.find((p) => p.startsWith('guest='));
  return guest ? guest.slice('guest='.length) || null : null;
}

/** argv from the raw bytes of /proc/PID/cmdline (NUL-terminated arguments). */
export function cmdlineArgv(raw: Buffer): string[] {
  const text = raw.toString('utf8');
  const args = text.split('\0');
  if (args.at(-1) === '') args.pop();
  return args;
}
