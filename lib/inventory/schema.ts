import { SEVERITIES } from '../model';
import { z } from 'zod';
import { acceptEntryShape, acceptListField } from './accept';
import { LIBVIRT_CACHE_MODES, LIBVIRT_IO_MODES } from './defaults';
import { remediationField } from './remediation';
import {
  addressField,
  boolField,
  domainField,
  durationField,
  enumField,
  identityField,
  intField,
  libvirtUriField,
  modeListField,
  nameField,
  pathField,
  secretField,
  shapeError,
  userField,
  webhookUrlField,
} from './fields';

// The inventory file as written (before defaults). Every map is strict: an unknown key is an error.

const connectionShape = {
  user: userField().optional(),
  port: intField(1, 65535).optional(),
  identityFile: identityField().optional(),
  knownHosts: pathField().optional(),
  trustOnFirstUse: boolField().optional(),
};

// `allowSshRsa` (the SHA-1 "ssh-rsa" host-key signature) is per target on purpose: never a fleet default.
const guestShape = {
  name: nameField(),
  domain: domainField().optional(),
  /** absent: a guest nobody can log in to, judged from its host's side only ("host view only") */
  address: addressField().optional(),
  via: nameField().optional(),
  allowSshRsa: boolField().optional(),
  accept: acceptListField().optional(),
  remediation: remediationField().optional(),
  ...connectionShape,
};

const hostShape = {
  name: nameField(),
  address: addressField(),
  libvirtUri: libvirtUriField().optional(),
  /** "proxmox" reads Proxmox VE's VM configs even where /etc/pve and pveversion are not found (docs/platforms.md) */
  platform: enumField(['proxmox'] as const).optional(),
  /** true: every domain of this host that no guest entry claims is a fleet member (host view only) */
  discover: boolField().optional(),
  /** only the collector with this id or site polls this host and its guests (PostgreSQL, several collectors) */
  collector: nameField().optional(),
  allowSshRsa: boolField().optional(),
  accept: acceptListField().optional(),
  remediation: remediationField().optional(),
  guests: z
    .array(z.strictObject(guestShape, { error: shapeError('a map describing a guest') }), {
      error: shapeError('a list of guests'),
    })
    .optional(),
  ...connectionShape,
};

// `defaults.accept` applies to every target.
const defaultsShape = {
  ...connectionShape,
  accept: acceptListField().optional(),
  remediation: remediationField().optional(),
};

const webhookShape = {
  name: nameField(),
  url: webhookUrlField(),
  format: enumField(['json', 'alertmanager', 'slack'] as const).optional(),
  secret: secretField().optional(),
  minSeverity: enumField(SEVERITIES).optional(),
  for: durationField(true).optional(),
  repeat: durationField(true).optional(),
  maxEventsPerCycle: intField(1, 100_000).optional(),
};

const thresholdsShape = {
  entropyWarn: intField(1, 1_000_000).optional(),
  entropyCrit: intField(0, 1_000_000).optional(),
  unreachableCycles: intField(1, 1000).optional(),
};

const modesShape = {
  cache: modeListField('cache modes', LIBVIRT_CACHE_MODES).optional(),
  io: modeListField('io modes', LIBVIRT_IO_MODES).optional(),
};

const diskPolicyShape = {
  file: z.strictObject(modesShape, { error: shapeError('a map with cache and io') }).optional(),
  block: z.strictObject(modesShape, { error: shapeError('a map with cache and io') }).optional(),
};

const rootShape = {
  interval: durationField(false).optional(),
  timeout: durationField(false).optional(),
  concurrency: intField(1, 10_000).optional(),
  defaults: z
    .strictObject(defaultsShape, { error: shapeError('a map of connection defaults and accept') })
    .optional(),
  thresholds: z.strictObject(thresholdsShape, { error: shapeError('a map of thresholds') }).optional(),
  diskPolicy: z.strictObject(diskPolicyShape, { error: shapeError('a map with file and block') }).optional(),
  hosts: z
    .array(z.strictObject(hostShape, { error: shapeError('a map describing a host') }), {
      error: shapeError('a list of hosts'),
    })
    .min(1, { error: 'expected at least one host' }),
  webhooks: z
    .array(z.strictObject(webhookShape, { error: shapeError('a map describing a webhook') }), {
      error: shapeError('a list of webhooks'),
    })
    .optional(),
};

export const inventoryFileSchema = z.strictObject(rootShape, {
  error: shapeError('a map of settings (interval, defaults, hosts, webhooks, ...)'),
});

export type InventoryFile = z.output<typeof inventoryFileSchema>;
export type HostEntry = InventoryFile['hosts'][number];
export type GuestEntry = NonNullable<HostEntry['guests']>[number];
export type ConnectionEntry = z.output<z.ZodObject<typeof connectionShape>>;

// Keys allowed at each place in the file, for "unknown key ... did you mean" (`#` stands for a list index).
const KEYS_AT: Record<string, string[]> = {
  '': Object.keys(rootShape),
  defaults: Object.keys(defaultsShape),
  'defaults.accept.#': Object.keys(acceptEntryShape),
  'hosts.#.accept.#': Object.keys(acceptEntryShape),
  'hosts.#.guests.#.accept.#': Object.keys(acceptEntryShape),
  thresholds: Object.keys(thresholdsShape),
  diskPolicy: Object.keys(diskPolicyShape),
  'diskPolicy.file': Object.keys(modesShape),
  'diskPolicy.block': Object.keys(modesShape),
  'hosts.#': Object.keys(hostShape),
  'hosts.#.guests.#': Object.keys(guestShape),
  'webhooks.#': Object.keys(webhookShape),
};

/** The keys a map at `path` may have. */
export function keysAt(path: readonly PropertyKey[]): string[] {
  return KEYS_AT[path.map((s) => (typeof s === 'number' ? '#' : String(s))).join('.')] ?? [];
}
