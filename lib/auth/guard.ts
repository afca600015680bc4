import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { NextResponse } from 'next/server';
import { resolveIdentity, type Identity } from './identity';
import { hasRole, type Role } from './roles';

// The helpers the rest of the app uses to ask "who is this and may they?" (proxy.ts already turned away
// requests with no identity; these decide per action and role). Usage:
//   route handler:  const who = await requireRole(request, 'operator'); if (who instanceof Response) return who;
//   server page:    const who = await requirePageRole('admin');   // redirects to /sign-in when signed out
//   server action:  const who = await requireActionRole('operator');  // throws when not allowed
//   anywhere:       const who = await getIdentity();  // null when signed out

/** The identity of the request being served (pages, server actions), or null. Cached per request. */
export const getIdentity = cache(async (): Promise<Identity | null> => {
  const r = await resolveIdentity(await headers());
  return r.kind === 'identity' ? r.identity : null;
});

/** For route handlers: the identity when it has `role`, else a 401/403 JSON response to return as is. */
export async function requireRole(request: Request, role: Role): Promise<Identity | NextResponse> {
  const r = await resolveIdentity(request.headers);
  const noStore = { 'Cache-Control': 'no-store' };
  if (r.kind === 'refused')
    return NextResponse.json({ error: r.error }, { status: r.status, headers: noStore });
  if (r.kind === 'anonymous') {
    return NextResponse.json(
      {
        error: 'sign in, or send an API token as "Authorization: Bearer <token>" (npm run tokens -- create)',
      },
      { status: 401, headers: { ...noStore, 'WWW-Authenticate': 'Bearer realm="entropy-watch"' } },
    );
  }
  if (!hasRole(r.identity.role, role)) {
    const how = r.identity.via === 'token' ? 'this token' : r.identity.username;
    return NextResponse.json(
      { error: `${how} may not do this: it needs the ${role} role (has ${r.identity.role})` },
      { status: 403, headers: noStore },
    );
  }
  return r.identity;
}

/** For server pages: the identity (redirects to sign-in when there is none); `allowed` says if it has `role`. */
export async function requirePageRole(role: Role): Promise<{ identity: Identity; allowed: boolean }> {
  const identity = await getIdentity();
  if (!identity) redirect('/sign-in');
  return { identity, allowed: hasRole(identity.role, role) };
}

/** Thrown by requireActionRole; server actions turn it into a message. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** For server actions: the identity when it has `role`, else throws ForbiddenError. */
export async function requireActionRole(role: Role): Promise<Identity> {
  const identity = await getIdentity();
  if (!identity) throw new ForbiddenError('you are signed out; sign in again');
  if (!hasRole(identity.role, role))
    throw new ForbiddenError(`this needs the ${role} role (you have ${identity.role})`);
  return identity;
}
