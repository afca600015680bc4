import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { listTokens } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db/client';
import { TokenTable } from '../ui/token-table';
import { revokeOwnToken } from './actions';
import { PasswordForm, TokenForm } from './forms';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Account' };

/** The signed-in user's account: password, own API tokens, sign out everywhere. */
export default async function AccountPage() {
  const { identity } = await requirePageRole('viewer');
  const tokens = await listTokens(getDb(), identity.userId);
  return (
    <>
      <div className="page-header">
        <div className="titles">
          <h1>Account</h1>
          <span className="meta-line">
            {identity.username} · role {identity.userRole} · signed in by {identity.via}
          </span>
        </div>
      </div>
      <section className="card">
        <div className="card-header">
          <h2>API tokens</h2>
          <span className="sub">For scripts and uptime checks: Authorization: Bearer &lt;token&gt;</span>
        </div>
        <div className="card-body stack">
          <TokenForm canOperate={hasRole(identity.userRole, 'operator')} />
          <TokenTable tokens={tokens} revoke={revokeOwnToken} showUser={false} now={new Date()} />
        </div>
      </section>
      {identity.via === 'session' && (
        <div className="grid-halves">
          <section className="card">
            <div className="card-header">
              <h2>Password</h2>
            </div>
            <div className="card-body">
              <PasswordForm />
            </div>
          </section>
          <section className="card">
            <div className="card-header">
              <h2>Sessions</h2>
            </div>
            <div className="card-body stack">
              <p style={{ margin: 0 }}>Signs you out on every browser, this one included.</p>
              <form method="post" action="/api/auth/sign-out">
                <input type="hidden" name="everywhere" value="1" />
                <button type="submit">Sign out everywhere</button>
              </form>
            </div>
          </section>
        </div>
      )}
    </>
  );
}
