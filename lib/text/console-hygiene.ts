import { format } from 'node:util';
import { escapeControlKeepLines } from './escape-control';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
let installed = false;

/**
 * Routes console.log/info/warn/error/debug of this process through escapeControlKeepLines, so no line a
 * script or the collector prints (tables, logs, errors quoting guest output) can carry a terminal escape.
 * Called first thing by every CLI entry point; installing twice is harmless.
 */
export function installConsoleHygiene(): void {
  if (installed) return;
  installed = true;
  for (const method of METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => original(escapeControlKeepLines(format(...args)));
  }
}
