// Test data only: the real command lines in ./fixtures (sources in ./fixtures/README.md) as argv.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The text of a file in ./fixtures. */
export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
}

/**
 * argv of a shell command as these files write it: "\" line continuations, '...' and "..." quoting,
 * leading VAR=value assignments (libvirt's .args files start with the environment) left out.
 */
export function shellArgv(text: string): string[] {
  const args: string[] = [];
  let current: string | null = null;
  let quote: "'" | '"' | null = null;
  const src = text.replace(/\\\n/g, ' ');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] ?? '';
    if (quote) {
      if (ch === quote) quote = null;
      else current = (current ?? '') + ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current = current ?? '';
    } else if (/\s/.test(ch)) {
      if (current !== null) args.push(current);
      current = null;
    } else current = (current ?? '') + ch;
  }
  if (current !== null) args.push(current);
  const start = args.findIndex((a) => !/^[A-Z_][A-Z0-9_]*=/.test(a));
  return start < 0 ? [] : args.slice(start);
}

/** argv of a fixture file. */
export function fixtureArgv(name: string): string[] {
  return shellArgv(fixture(name));
}

/** The NUL-separated bytes Linux shows in /proc/PID/cmdline for argv. */
export function procCmdline(argv: string[]): Buffer {
  return Buffer.from(argv.map((a) => `${a}\0`).join(''), 'utf8');
}
