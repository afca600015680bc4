import type { Metadata } from 'next';
import { MAX_FAILURES, WINDOW_MS } from '@/lib/auth/throttle';
import { loadAuthProxyConfig } from '@/lib/auth/proxy-config';
import { pageParamsToObject } from '@/lib/http/params';
import '../ui/access.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

const ERRORS: Record<string, string> = {
  invalid: 'Wrong user name or password.',
  throttled: `Too many failed sign-ins (${MAX_FAILURES} within ${WINDOW_MS / 60_000} minutes) for this account or address; wait a few minutes and try again.`,
};

/** The sign-in form: a plain POST, so it works without JavaScript. */
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = pageParamsToObject(await searchParams);
  const error = q.error ? (ERRORS[q.error] ?? 'Sign-in failed.') : null;
  const proxy = loadAuthProxyConfig();
  return (
    <section className="card auth-card">
      <div className="card-header">
        <h1 style={{ fontSize: 16, margin: 0 }}>Sign in to Entropy Watch</h1>
      </div>
      <div className="card-body">
        <form className="form-grid" method="post" action="/api/auth/sign-in">
          {error && (
            <div className="notice error" role="alert">
              {error}
            </div>
          )}
          <input type="hidden" name="next" value={q.next ?? '/'} />
          <label>
            User name
            <input
              type="text"
              name="username"
              autoComplete="username"
              required
              defaultValue={q.username ?? ''}
              autoFocus
            />
          </label>
          <label>
            Password
            <input type="password" name="password" autoComplete="current-password" required />
          </label>
          <button type="submit" className="primary">
            Sign in
          </button>
          <p className="muted" style={{ fontSize: 12, margin: 0 }}>
            {proxy
              ? 'Your company sign-in (through the auth proxy) signs you in automatically; this form is for local accounts.'
              : 'Accounts are made by an admin (Users page) or with npm run users -- add NAME --role viewer.'}
          </p>
        </form>
      </div>
    </section>
  );
}
