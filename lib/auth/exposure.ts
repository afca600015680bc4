import { hasRole, type Role } from './roles';

// Least exposure: what a non-admin may see of the inventory's secrets-adjacent values. Pure.
// libvirt URIs lose user-info and query (`?keyfile=/root/.ssh/...`), webhook URLs keep scheme and host
// only (a token used as the URL's user name is a secret too), identity-file and known_hosts paths are
// replaced by placeholders wherever they appear (remediation commands included).

/** `qemu+ssh://root@kvm-01/system?keyfile=/k` → `qemu+ssh://kvm-01/system`. */
export function redactLibvirtUri(uri: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)/.exec(uri);
  if (!m) return uri.replace(/\?.*$/, '');
  const authority = m[2]!.replace(/^.*@/, '');
  return `${m[1]}${authority}${m[3]}`;
}

/** `https://tok@hooks.example.com/services/T/B/x` → `https://hooks.example.com`. */
export function webhookOrigin(url: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:)\/\/([^/?#]*)/.exec(url);
  if (!m) return '(hidden)';
  return `${m[1]}//${m[2]!.replace(/^.*@/, '')}`;
}

/** Values of the inventory a non-admin must not see, with what replaces each. */
export interface ExposureMasks {
  replacements: [secret: string, shown: string][];
}

/** Builds masks from the inventory's targets (identity files, known_hosts files, libvirt URIs). */
export function exposureMasks(
  targets: { identityFile?: string | null; knownHosts?: string | null; libvirtUri?: string | null }[],
): ExposureMasks {
  const map = new Map<string, string>();
  for (const t of targets) {
    if (t.identityFile) map.set(t.identityFile, 'IDENTITY_FILE');
    if (t.knownHosts) map.set(t.knownHosts, 'KNOWN_HOSTS');
    if (t.libvirtUri) {
      const shown = redactLibvirtUri(t.libvirtUri);
      if (shown !== t.libvirtUri) map.set(t.libvirtUri, shown);
    }
  }
  // Longest first, so a path that contains another is replaced whole.
  return { replacements: [...map.entries()].sort((a, b) => b[0].length - a[0].length) };
}

/** Replaces every masked value in a string. */
export function maskText(text: string, masks: ExposureMasks): string {
  let out = text;
  for (const [secret, shown] of masks.replacements)
    if (out.includes(secret)) out = out.split(secret).join(shown);
  return out;
}

/** Deep copy of JSON-like data with every string masked (Dates and other objects kept as they are). */
export function maskDeep<T>(value: T, masks: ExposureMasks): T {
  if (masks.replacements.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskText(v, masks);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** True when a role sees inventory values unmasked. */
export function seesSecrets(role: Role): boolean {
  return hasRole(role, 'admin');
}
