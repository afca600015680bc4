import { BlockList, isIP } from 'node:net';
import { isRole, type Role } from './roles';

// Auth-proxy mode (as Grafana's auth.proxy): a reverse proxy in front of the dashboard signs users in
// with a company SSO and passes the user name in a header. Settings (environment):
//   ENTROPY_WATCH_AUTH_PROXY_HEADER       auth.proxy.header, e.g. X-Forwarded-User (unset: mode off)
//   ENTROPY_WATCH_AUTH_PROXY_TRUSTED      auth.proxy.trustedAddresses: IPs/CIDRs of the proxy, comma-separated
//   ENTROPY_WATCH_AUTH_PROXY_GROUPS_HEADER  header with the user's groups, comma-separated (optional)
//   ENTROPY_WATCH_AUTH_PROXY_GROUP_ROLES  group=role pairs, e.g. "sre-admins=admin,sre=operator"
//   ENTROPY_WATCH_AUTH_PROXY_DEFAULT_ROLE role when no group matches (default viewer)

export class AuthConfigError extends Error {
  override name = 'AuthConfigError';
}

export interface AuthProxyConfig {
  header: string;
  groupsHeader: string | null;
  groupRoles: { group: string; role: Role }[];
  defaultRole: Role;
  trusted: string[];
  isTrusted: (address: string) => boolean;
}

/** Strips the IPv4-mapped IPv6 prefix Node gives IPv4 peers on a dual-stack socket. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Reads the auth-proxy settings; null when the mode is off; AuthConfigError naming the variable when wrong. */
export function loadAuthProxyConfig(
  env: Record<string, string | undefined> = process.env,
): AuthProxyConfig | null {
  const header = env.ENTROPY_WATCH_AUTH_PROXY_HEADER?.trim();
  if (!header) return null;
  if (!/^[A-Za-z0-9-]+$/.test(header)) {
    throw new AuthConfigError(
      `ENTROPY_WATCH_AUTH_PROXY_HEADER="${header}" must be a header name like X-Forwarded-User`,
    );
  }
  const trusted = (env.ENTROPY_WATCH_AUTH_PROXY_TRUSTED ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (trusted.length === 0) {
    throw new AuthConfigError(
      'ENTROPY_WATCH_AUTH_PROXY_TRUSTED must list the auth proxy\'s addresses (e.g. "10.0.0.5,10.1.0.0/16") when ENTROPY_WATCH_AUTH_PROXY_HEADER is set',
    );
  }
  const list = new BlockList();
  for (const entry of trusted) {
    const [addr, bits, extra] = entry.split('/');
    const family = isIP(addr ?? '');
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (
      !family ||
      extra !== undefined ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > (family === 6 ? 128 : 32)
    ) {
      throw new AuthConfigError(
        `ENTROPY_WATCH_AUTH_PROXY_TRUSTED: "${entry}" is not an IP address or CIDR like 10.0.0.5 or 10.1.0.0/16`,
      );
    }
    list.addSubnet(addr!, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  const defaultRole = env.ENTROPY_WATCH_AUTH_PROXY_DEFAULT_ROLE?.trim() || 'viewer';
  if (!isRole(defaultRole)) {
    throw new AuthConfigError(
      `ENTROPY_WATCH_AUTH_PROXY_DEFAULT_ROLE="${defaultRole}" must be viewer, operator or admin`,
    );
  }
  const groupRoles = (env.ENTROPY_WATCH_AUTH_PROXY_GROUP_ROLES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const [group, role] = pair.split('=').map((s) => s.trim());
      if (!group || !isRole(role)) {
        throw new AuthConfigError(
          `ENTROPY_WATCH_AUTH_PROXY_GROUP_ROLES: "${pair}" must be group=role with role viewer, operator or admin`,
        );
      }
      return { group, role };
    });
  return {
    header: header.toLowerCase(),
    groupsHeader: env.ENTROPY_WATCH_AUTH_PROXY_GROUPS_HEADER?.trim().toLowerCase() || null,
    groupRoles,
    defaultRole,
    trusted,
    isTrusted: (address) => {
      const a = normalizeAddress(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** Pure: the role for a proxy user from their groups (highest matching role), else the default. */
export function roleFromGroups(
  config: Pick<AuthProxyConfig, 'groupRoles' | 'defaultRole'>,
  groups: string[],
): Role {
  const order: Role[] = ['admin', 'operator', 'viewer'];
  const matched = config.groupRoles.filter((g) => groups.includes(g.group)).map((g) => g.role);
  return order.find((r) => matched.includes(r)) ?? config.defaultRole;
}
