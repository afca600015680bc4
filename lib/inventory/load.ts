import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory, resolveConfigPath } from './build';
import { checkAcrossEntries } from './cross-checks';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_INTERVAL_MS,
  DEFAULT_KNOWN_HOSTS,
  DEFAULT_LIBVIRT_URI,
  DEFAULT_RULE_CONFIG,
  DEFAULT_TIMEOUT_MS,
} from './defaults';
import { didYouMean, formatPath, InventoryError, type InventoryIssue } from './issues';
import { inventoryFileSchema, keysAt } from './schema';
import { substituteTree, type EnvVars } from './substitute';
import type { Inventory } from './types';
import { locate, parseYamlSource, type YamlSource } from './yaml-source';

export { InventoryError, type InventoryIssue } from './issues';
export { redactUrl } from './redact';
export { DEFAULT_RULE_CONFIG } from './defaults';

export const DEFAULT_INVENTORY_FILE = 'entropy-watch.yaml';

/**
 * The inventory file to use: `--config FILE`, else ENTROPY_WATCH_CONFIG, else ./entropy-watch.yaml when it
 * exists; undefined means "no file: monitor this machine". A path given explicitly must exist.
 */
export function resolveInventoryPath(
  argvConfig?: string,
  env: EnvVars = process.env,
  cwd: string = process.cwd(),
): string | undefined {
  const explicit = (given: string, origin: string): string => {
    if (given.trim() === '') {
      throw new InventoryError([
        { file: origin, path: '', message: 'is empty; give the path of an inventory YAML file' },
      ]);
    }
    const abs = path.resolve(cwd, given);
    if (!fs.existsSync(abs)) {
      throw new InventoryError([
        { file: given, path: '', message: `no such file (named by ${origin}); create it or fix the path` },
      ]);
    }
    return abs;
  };
  if (argvConfig !== undefined) return explicit(argvConfig, '--config');
  if (env.ENTROPY_WATCH_CONFIG !== undefined)
    return explicit(env.ENTROPY_WATCH_CONFIG, 'ENTROPY_WATCH_CONFIG');
  const fallback = path.resolve(cwd, DEFAULT_INVENTORY_FILE);
  return fs.existsSync(fallback) ? fallback : undefined;
}

/**
 * Loads and validates the inventory (format: lib/inventory/entropy-watch.example.yaml); throws InventoryError
 * listing every problem as `file:line:col: field.path: what is expected`.
 *
 * - `configPath` is an explicit `--config` value; without it ENTROPY_WATCH_CONFIG, then ./entropy-watch.yaml
 *   (relative to `cwd`), and with none of these the inventory is this machine: one target of kind "local".
 * - `${VAR}` in any string value is replaced from `env` (an unset variable is an error); `$${` is a literal `${`.
 * - `~` in identityFile/knownHosts is the home directory; relative paths resolve against the directory of the
 *   inventory file, not the working directory, so the file means the same wherever the collector starts.
 * - Defaults: interval 60s, timeout 10s, concurrency 64, port 22, user = the local user, identityFile none
 *   (ssh-agent via SSH_AUTH_SOCK), knownHosts ~/.ssh/known_hosts, trustOnFirstUse false, libvirtUri
 *   qemu:///system, webhook format json, minSeverity warning, for 0, repeat 4h. A guest takes connection
 *   settings from `defaults`, not from its host.
 */
export function loadInventory(opts: { configPath?: string; env?: EnvVars; cwd?: string } = {}): Inventory {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const file = resolveInventoryPath(opts.configPath, env, cwd);
  if (file === undefined) return localInventory(env);
  const shown = displayName(file, cwd);

  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EISDIR' ? 'is a directory, not a YAML file' : `cannot be read (${code ?? String(e)})`;
    throw new InventoryError([{ file: shown, path: '', message: why }]);
  }

  const { source, issues } = parseYamlSource(text, shown);
  if (issues.length) throw new InventoryError(issues);
  const at = atFor(source);

  let raw: unknown;
  try {
    raw = source.doc.toJS();
  } catch (e) {
    // The yaml package resolves aliases here and throws for one whose anchor comes later (or never),
    // e.g. an alias used as a key: an input error like any other, found by the fuzz campaign.
    throw new InventoryError([at([], `invalid YAML: ${e instanceof Error ? e.message : String(e)}`)]);
  }
  if (raw === null || raw === undefined) {
    throw new InventoryError([
      at(
        [],
        'the file is empty; it needs at least a "hosts:" list (example: lib/inventory/entropy-watch.example.yaml)',
      ),
    ]);
  }

  const substituted = new Set<string>();
  const value = substituteTree(raw, env, (p, error) => {
    substituted.add(JSON.stringify(p));
    issues.push(at(p, error));
  });

  checkAcrossEntries(value, {
    report: (p, message) => issues.push(at(p, message)),
    lineOf: (p) => locate(source, p).line,
  });
  const parsed = inventoryFileSchema.safeParse(value);
  if (!parsed.success) {
    for (const iss of parsed.error.issues) {
      if (iss.code === 'unrecognized_keys') {
        const allowed = keysAt(iss.path);
        for (const key of iss.keys) {
          const hint = didYouMean(key, allowed);
          issues.push(
            at(
              [...iss.path, key],
              hint ? `unknown key; did you mean "${hint}"?` : `unknown key (allowed: ${allowed.join(', ')})`,
            ),
          );
        }
      } else if (!substituted.has(JSON.stringify(iss.path))) {
        // A failed ${VAR} was already reported on that field; its leftover text would only repeat it.
        issues.push(at(iss.path, iss.message));
      }
    }
  }
  if (issues.length || !parsed.success) throw new InventoryError(issues);

  const inventory = buildInventory(parsed.data, {
    file,
    home: homeDir(env),
    localUser: localUser(env),
    report: (p, message) => issues.push(at(p, message)),
  });
  if (issues.length) throw new InventoryError(issues);
  return inventory;
}

/** The built-in inventory when there is no file: this machine, probed locally without SSH. */
export function localInventory(env: EnvVars = process.env): Inventory {
  return {
    source: null,
    intervalMs: DEFAULT_INTERVAL_MS,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    concurrency: DEFAULT_CONCURRENCY,
    targets: [
      {
        name: os.hostname(),
        kind: 'local',
        address: 'localhost',
        port: 22,
        user: localUser(env),
        identityFile: null,
        knownHosts: resolveConfigPath(DEFAULT_KNOWN_HOSTS, homeDir(env), homeDir(env)),
        trustOnFirstUse: false,
        via: null,
        // This machine may itself be a KVM host; the probe reports a missing virsh/libvirtd as a field error.
        libvirtUri: DEFAULT_LIBVIRT_URI,
        domain: null,
        hostName: null,
      },
    ],
    webhooks: [],
    rules: structuredClone(DEFAULT_RULE_CONFIG),
  };
}

function atFor(source: YamlSource) {
  return (p: PropertyKey[], message: string): InventoryIssue => {
    const { line, col } = locate(source, p);
    return { file: source.file, line, col, path: formatPath(p), message };
  };
}

function displayName(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function homeDir(env: EnvVars): string {
  return env.HOME || os.homedir();
}

function localUser(env: EnvVars): string {
  return env.USER || env.LOGNAME || os.userInfo().username;
}
