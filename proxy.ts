import { randomBytes } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { recordAudit } from '@/lib/auth/audit';
import { resolveIdentity } from '@/lib/auth/identity';
import { checkOrigin, requestOrigin } from '@/lib/auth/origin';
import { clientAddress } from '@/lib/auth/peer';
import { hasRole } from '@/lib/auth/roles';
import { securityHeaders } from '@/lib/auth/security-headers';
import { hasAnyUser } from '@/lib/auth/users';
import { loadEnv } from '@/lib/config/env';
import { getDb } from '@/lib/db/client';

// Every request passes here first (Next.js 16 proxy, Node.js runtime): security headers and the CSP
// nonce, the CSRF origin check, setup mode, and the sign-in gate. Route handlers and pages then decide
// per role with lib/auth/guard.ts.

/** Reachable without an identity. */
const PUBLIC_PATHS = new Set(['/api/health', '/sign-in', '/api/auth/sign-in']);
const SETUP_PATHS = new Set(['/setup', '/api/auth/setup']);

let usersSeen = false;

export async function proxy(request: NextRequest) {
  const { publicUrl } = loadEnv();
  const nonce = randomBytes(16).toString('base64');
  const https = publicUrl.startsWith('https:');
  const sec = securityHeaders({ nonce, https, dev: process.env.NODE_ENV === 'development' });
  const path = request.nextUrl.pathname;
  const isApi = path.startsWith('/api/');
  const db = getDb();
  const finish = (res: NextResponse, cookies: string[] = []) => {
    for (const [k, v] of Object.entries(sec)) res.headers.set(k, v);
    for (const c of cookies) res.headers.append('Set-Cookie', c);
    return res;
  };
  const refuse = (status: number, error: string, extra: Record<string, string> = {}) =>
    finish(
      isApi || request.method !== 'GET'
        ? NextResponse.json({ error }, { status, headers: { 'Cache-Control': 'no-store', ...extra } })
        : new NextResponse(`${error}\n`, {
            status,
            headers: { 'Content-Type': 'text/plain; charset=utf-8' },
          }),
    );
  const pass = (cookies: string[] = []) => {
    const forwarded = new Headers(request.headers);
    forwarded.set('x-nonce', nonce);
    forwarded.set('content-security-policy', sec['Content-Security-Policy']!);
    return finish(NextResponse.next({ request: { headers: forwarded } }), cookies);
  };
  const redirectTo = (to: string) => finish(NextResponse.redirect(new URL(to, request.url), 303));

  const own = [new URL(publicUrl).origin];
  const addressed = requestOrigin(request.headers, request.nextUrl.protocol.replace(':', ''));
  if (addressed) own.push(addressed);
  const origin = checkOrigin(request.method, request.headers, own);
  if (!origin.ok) {
    await recordAudit(db, {
      action: 'csrf.refused',
      ok: false,
      address: clientAddress(request.headers),
      subject: path,
      detail: origin.reason,
    });
    return refuse(403, origin.reason);
  }

  if (path === '/api/health') return pass();

  usersSeen ||= await hasAnyUser(db);
  if (!usersSeen) {
    if (SETUP_PATHS.has(path)) return pass();
    if (isApi)
      return refuse(
        503,
        'no user exists yet: open the setup link that `npm start` printed, or run `npm run users -- add NAME --role admin`',
      );
    return redirectTo('/setup');
  }
  if (SETUP_PATHS.has(path)) return redirectTo('/');

  const r = await resolveIdentity(request.headers, { refresh: true });
  if (r.kind === 'refused') return refuse(r.status, r.error);
  if (r.kind === 'anonymous') {
    if (PUBLIC_PATHS.has(path)) return pass(r.setCookies);
    if (isApi) {
      return refuse(
        401,
        'sign in, or send an API token as "Authorization: Bearer <token>" (npm run tokens -- create)',
        {
          'WWW-Authenticate': 'Bearer realm="entropy-watch"',
        },
      );
    }
    const next = request.nextUrl.pathname + request.nextUrl.search;
    return redirectTo(next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`);
  }
  if (path === '/sign-in') return redirectTo('/');
  // Anything that changes state through the API needs at least the operator role (handlers check more).
  if (
    path.startsWith('/api/v1/') &&
    request.method !== 'GET' &&
    request.method !== 'HEAD' &&
    !hasRole(r.identity.role, 'operator')
  ) {
    return refuse(
      403,
      `${r.identity.via === 'token' ? 'a read token' : r.identity.username} may not change anything: that needs the operator role`,
    );
  }
  return pass(r.setCookies);
}

export const config = {
  // Static build assets carry no data; everything else (pages, API, RSC payloads) passes the gate.
  matcher: ['/((?!_next/static|_next/image|icon.svg|favicon.ico).*)'],
};
