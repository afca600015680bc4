import type { Metadata } from 'next';
import { checkSetupToken } from '@/lib/auth/setup-token';
import { getDb } from '@/lib/db/client';
import { pageParamsToObject } from '@/lib/http/params';
import '../ui/access.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Set up' };

/** First start: creates the first admin, reachable only with the one-time link `npm start` printed. */
export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = pageParamsToObject(await searchParams);
  const valid = await checkSetupToken(getDb(), q.token);
  return (
    <section className="card auth-card">
      <div className="card-header">
        <h1 style={{ fontSize: 16, margin: 0 }}>Set up Entropy Watch</h1>
      </div>
      <div className="card-body">
        {!valid ? (
          <div className="notice error" role="alert" data-testid="setup-refused">
            Setup needs the one-time link that <span className="mono">npm start</span> printed on its console
            (it looks like <span className="mono">http://127.0.0.1:3000/setup?token=…</span>). Restart{' '}
            <span className="mono">npm start</span> for a new one, or create the admin from a shell:{' '}
            <span className="mono">npm run users -- add NAME --role admin</span>.
          </div>
        ) : (
          <form className="form-grid" method="post" action="/api/auth/setup">
            <p style={{ margin: 0 }}>
              No account exists yet. Create the first admin; they add everyone else.
            </p>
            {q.error && (
              <div className="notice error" role="alert">
                {q.error}
              </div>
            )}
            <input type="hidden" name="token" value={q.token} />
            <label>
              Admin user name
              <input
                type="text"
                name="username"
                autoComplete="username"
                required
                defaultValue={q.username ?? 'admin'}
              />
            </label>
            <label>
              Password (at least 8 characters)
              <input type="password" name="password" autoComplete="new-password" required minLength={8} />
            </label>
            <label>
              Password again
              <input type="password" name="confirm" autoComplete="new-password" required minLength={8} />
            </label>
            <button type="submit" className="primary">
              Create admin and sign in
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
