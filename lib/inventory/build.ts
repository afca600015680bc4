import path from 'node:path';
import type { RuleConfig } from '../checks/types';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_INTERVAL_MS,
  DEFAULT_KNOWN_HOSTS,
  DEFAULT_LIBVIRT_URI,
  DEFAULT_PORT,
  DEFAULT_RULE_CONFIG,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WEBHOOK_FOR_MS,
  DEFAULT_MAX_EVENTS_PER_CYCLE,
  DEFAULT_WEBHOOK_REPEAT_MS,
} from './defaults';
import { allChecks } from '../checks';
import { buildAccepts } from './accept';
import { buildRemediation, type RemediationAccount } from './remediation';
import type { ConnectionEntry, InventoryFile } from './schema';
import type { Inventory, SshTargetConfig, WebhookConfig } from './types';

export interface BuildContext {
  /** absolute path of the inventory file (relative paths in it resolve against its directory) */
  file: string;
  home: string;
  /** user when neither the target nor `defaults` names one (like ssh: the local user) */
  localUser: string;
  report(path: PropertyKey[], message: string): void;
}

const withRemediation = (r: RemediationAccount | null) => (r ? { remediation: r } : {});

/** `~` → home; relative → against the inventory file's directory. */
export function resolveConfigPath(p: string, baseDir: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return path.resolve(baseDir, p);
}

/** Applies defaults to a schema-valid inventory file (names and `via` already checked); checks thresholds. */
export function buildInventory(file: InventoryFile, ctx: BuildContext): Inventory {
  const dir = path.dirname(ctx.file);
  const defaults = file.defaults ?? {};
  const connection = (entry: ConnectionEntry) => {
    const identityFile =
      entry.identityFile !== undefined ? entry.identityFile : (defaults.identityFile ?? null);
    return {
      port: entry.port ?? defaults.port ?? DEFAULT_PORT,
      user: entry.user ?? defaults.user ?? ctx.localUser,
      identityFile: identityFile === null ? null : resolveConfigPath(identityFile, dir, ctx.home),
      knownHosts: resolveConfigPath(
        entry.knownHosts ?? defaults.knownHosts ?? DEFAULT_KNOWN_HOSTS,
        dir,
        ctx.home,
      ),
      trustOnFirstUse: entry.trustOnFirstUse ?? defaults.trustOnFirstUse ?? false,
    };
  };

  const resolve = (p: string) => resolveConfigPath(p, dir, ctx.home);
  const defaultsLink = { entry: defaults.remediation, path: ['defaults', 'remediation'] };
  const hosts: SshTargetConfig[] = file.hosts.map((h, i) => ({
    name: h.name,
    kind: 'host',
    address: h.address,
    ...connection(h),
    allowSshRsa: h.allowSshRsa ?? false,
    via: null,
    libvirtUri: h.libvirtUri ?? DEFAULT_LIBVIRT_URI,
    ...(h.platform ? { platform: h.platform } : {}),
    ...(h.discover ? { discover: true } : {}),
    domain: null,
    hostName: null,
    // Only targets with apply on carry the key, so the rest read as before.
    ...withRemediation(
      buildRemediation(
        [defaultsLink, { entry: h.remediation, path: ['hosts', i, 'remediation'] }],
        connection(h).user,
        resolve,
        ctx,
      ),
    ),
    // Only pinned hosts carry the key, so an unpinned target reads as before.
    ...(h.collector ? { collector: h.collector } : {}),
  }));
  const hostByName = new Map(hosts.map((h) => [h.name, h]));
  const guests: SshTargetConfig[] = file.hosts.flatMap((h, i) =>
    (h.guests ?? []).map((g, j) => {
      // An unknown `via` was reported by checkAcrossEntries before this runs.
      const viaTarget = g.via === undefined ? undefined : hostByName.get(g.via);
      return {
        name: g.name,
        kind: 'guest' as const,
        address: g.address ?? '',
        ...(g.address === undefined ? { hostViewOnly: true } : {}),
        ...connection(g),
        allowSshRsa: g.allowSshRsa ?? false,
        via: g.via ?? null,
        libvirtUri: null,
        domain: g.domain ?? g.name,
        hostName: h.name,
        ...withRemediation(
          buildRemediation(
            [
              defaultsLink,
              { entry: h.remediation, path: ['hosts', i, 'remediation'] },
              { entry: g.remediation, path: ['hosts', i, 'guests', j, 'remediation'] },
            ],
            connection(g).user,
            resolve,
            ctx,
          ),
        ),
        ...(h.collector ? { collector: h.collector } : {}),
        ...(viaTarget ? { viaTarget } : {}),
      };
    }),
  );

  const webhookEntries = file.webhooks ?? [];
  const webhooks: WebhookConfig[] = webhookEntries.map((w) => ({
    name: w.name,
    url: w.url,
    format: w.format ?? 'json',
    secret: w.secret ?? null,
    minSeverity: w.minSeverity ?? 'warning',
    forMs: w.for ?? DEFAULT_WEBHOOK_FOR_MS,
    repeatMs: w.repeat ?? DEFAULT_WEBHOOK_REPEAT_MS,
    maxEventsPerCycle: w.maxEventsPerCycle ?? DEFAULT_MAX_EVENTS_PER_CYCLE,
  }));

  return {
    source: ctx.file,
    intervalMs: file.interval ?? DEFAULT_INTERVAL_MS,
    timeoutMs: file.timeout ?? DEFAULT_TIMEOUT_MS,
    concurrency: file.concurrency ?? DEFAULT_CONCURRENCY,
    // Hosts before guests: a collector starting targets in order meets every jump host first.
    targets: [...hosts, ...guests],
    webhooks,
    rules: buildRuleConfig(file, ctx),
    accept: buildAccepts(
      file,
      allChecks.map((c) => c.id),
      ctx.report,
    ),
  };
}

function buildRuleConfig(file: InventoryFile, ctx: BuildContext): RuleConfig {
  const t = file.thresholds ?? {};
  const d = DEFAULT_RULE_CONFIG;
  const config: RuleConfig = {
    entropyWarn: t.entropyWarn ?? d.entropyWarn,
    entropyCrit: t.entropyCrit ?? d.entropyCrit,
    unreachableCycles: t.unreachableCycles ?? d.unreachableCycles,
    diskPolicy: {
      file: {
        cache: file.diskPolicy?.file?.cache ?? [...d.diskPolicy.file.cache],
        io: file.diskPolicy?.file?.io ?? [...d.diskPolicy.file.io],
      },
      block: {
        cache: file.diskPolicy?.block?.cache ?? [...d.diskPolicy.block.cache],
        io: file.diskPolicy?.block?.io ?? [...d.diskPolicy.block.io],
      },
    },
  };
  if (config.entropyCrit >= config.entropyWarn) {
    const field = t.entropyCrit !== undefined ? 'entropyCrit' : 'entropyWarn';
    ctx.report(
      ['thresholds', field],
      `entropyCrit (${config.entropyCrit}) must be below entropyWarn (${config.entropyWarn})` +
        (t.entropyCrit === undefined || t.entropyWarn === undefined ? ' (defaults: warn 200, crit 100)' : ''),
    );
  }
  return config;
}
