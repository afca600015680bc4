import { getDb, type Db } from '../db/client';
import { recordAudit } from './audit';
import { getAuth, SESSION_MAX_MS } from './auth';
import { clientAddress, peerAddress } from './peer';
import { loadAuthProxyConfig, roleFromGroups, type AuthProxyConfig } from './proxy-config';
import { effectiveRole, parseStoredRole, type Role } from './roles';
import { verifyToken } from './tokens';
import { addUser } from './users';

/** Who a request acts as. `role` is what it may do now (a token's scope caps its owner's role). */
export interface Identity {
  userId: string;
  username: string;
  role: Role;
  userRole: Role;
  via: 'session' | 'token' | 'proxy';
  sessionId?: string;
  tokenId?: string;
  address: string;
}

export type Resolution =
  | { kind: 'identity'; identity: Identity; setCookies: string[] }
  | { kind: 'anonymous'; address: string; setCookies: string[] }
  | { kind: 'refused'; status: 401 | 403; error: string; address: string };

let proxyConfig: AuthProxyConfig | null | undefined;
function authProxy(): AuthProxyConfig | null {
  if (proxyConfig === undefined) proxyConfig = loadAuthProxyConfig();
  return proxyConfig;
}

/**
 * Resolves a request's credentials, in this order: the auth-proxy header (only from a trusted address),
 * an `Authorization: Bearer` token, the session cookie. `refresh` lets better-auth extend the session
 * (the proxy does it once per request and forwards the cookie it sets).
 */
export async function resolveIdentity(
  headers: Headers,
  opts: { db?: Db; refresh?: boolean; now?: Date; authProxy?: AuthProxyConfig | null } = {},
): Promise<Resolution> {
  const db = opts.db ?? getDb();
  const now = opts.now ?? new Date();
  const proxy = opts.authProxy !== undefined ? opts.authProxy : authProxy();
  const address = clientAddress(headers, proxy?.isTrusted);

  if (proxy) {
    const name = headers.get(proxy.header)?.trim();
    if (name) {
      const peer = peerAddress(headers);
      if (!proxy.isTrusted(peer)) {
        await recordAudit(db, {
          action: 'proxy.refused',
          ok: false,
          address: peer,
          subject: name.slice(0, 100),
          detail: `${proxy.header} from an address not in ENTROPY_WATCH_AUTH_PROXY_TRUSTED`,
        });
        console.warn(`[auth] refused ${proxy.header} from untrusted address ${peer}`);
        return {
          kind: 'refused',
          status: 403,
          error: `the ${proxy.header} header is only accepted from the auth proxy`,
          address,
        };
      }
      const groups = proxy.groupsHeader
        ? (headers.get(proxy.groupsHeader) ?? '')
            .split(',')
            .map((g) => g.trim())
            .filter(Boolean)
        : [];
      return proxyIdentity(db, proxy, name, groups, address);
    }
  }

  const authorization = headers.get('authorization');
  if (authorization) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const owner = m ? await verifyToken(db, m[1]!, now) : null;
    if (!owner) {
      return {
        kind: 'refused',
        status: 401,
        error:
          'the API token is not valid (unknown, revoked or expired); create one with `npm run tokens -- create`',
        address,
      };
    }
    return {
      kind: 'identity',
      setCookies: [],
      identity: {
        userId: owner.userId,
        username: owner.username,
        userRole: owner.userRole,
        role: effectiveRole(owner.userRole, owner.scope),
        via: 'token',
        tokenId: owner.tokenId,
        address,
      },
    };
  }

  if (!/(^|;\s*)(__Secure-)?entropy-watch\.session_token=/.test(headers.get('cookie') ?? '')) {
    return { kind: 'anonymous', address, setCookies: [] };
  }
  const auth = await getAuth(db);
  const { headers: out, response } = await auth.api.getSession({
    headers,
    query: { disableRefresh: !opts.refresh },
    returnHeaders: true,
  });
  const setCookies = out.getSetCookie();
  if (!response) return { kind: 'anonymous', address, setCookies };
  if (now.getTime() - response.session.createdAt.getTime() > SESSION_MAX_MS) {
    await db.session.deleteMany({ where: { id: response.session.id } });
    return { kind: 'anonymous', address, setCookies };
  }
  const role = parseStoredRole((response.user as { role?: unknown }).role);
  return {
    kind: 'identity',
    setCookies,
    identity: {
      userId: response.user.id,
      username: (response.user as { username?: string | null }).username ?? response.user.name,
      role,
      userRole: role,
      via: 'session',
      sessionId: response.session.id,
      address,
    },
  };
}

async function proxyIdentity(
  db: Db,
  proxy: AuthProxyConfig,
  rawName: string,
  groups: string[],
  address: string,
): Promise<Resolution> {
  const username = rawName.toLowerCase();
  const role = roleFromGroups(proxy, groups);
  let user = await db.user.findUnique({ where: { username } });
  if (!user) {
    try {
      await addUser(db, username, role, null);
      await recordAudit(db, {
        action: 'user.add',
        actor: username,
        via: 'proxy',
        address,
        subject: username,
        detail: `role ${role} (auth proxy)`,
      });
    } catch (e) {
      // Two first requests of a new user race here; the loser finds the winner's row below.
      if (!(await db.user.findUnique({ where: { username } }))) {
        return { kind: 'refused', status: 403, error: e instanceof Error ? e.message : String(e), address };
      }
    }
    user = await db.user.findUnique({ where: { username } });
  } else if (proxy.groupsHeader && user.role !== role) {
    // The SSO's groups are the source of truth for proxy users.
    user = await db.user.update({ where: { id: user.id }, data: { role } });
  }
  const userRole = parseStoredRole(user!.role);
  return {
    kind: 'identity',
    setCookies: [],
    identity: { userId: user!.id, username, role: userRole, userRole, via: 'proxy', address },
  };
}
