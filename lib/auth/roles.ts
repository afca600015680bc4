// Roles and token scopes. Pure: no I/O. Each role includes everything the roles below it may do.

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** API token scopes: `read` acts as a viewer, `operate` as an operator (never more than its owner). */
export const TOKEN_SCOPES = ['read', 'operate'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const SCOPE_ROLE: Record<TokenScope, Role> = { read: 'viewer', operate: 'operator' };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && (TOKEN_SCOPES as readonly string[]).includes(value);
}

/** True when `role` may do what `needed` may do. */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** The role a request acts with: the user's role, capped by the token's scope when a token is used. */
export function effectiveRole(userRole: Role, scope?: TokenScope): Role {
  if (!scope) return userRole;
  const cap = SCOPE_ROLE[scope];
  return RANK[cap] < RANK[userRole] ? cap : userRole;
}

/** An unknown role stored in the database acts as the least one (a typo must never grant more). */
export function parseStoredRole(value: unknown): Role {
  return isRole(value) ? value : 'viewer';
}
