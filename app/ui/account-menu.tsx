import Link from 'next/link';
import { getIdentity } from '@/lib/auth/guard';

/** Top bar, right: who is signed in, with which role, a link to the account page and Sign out. */
export async function AccountMenu() {
  const who = await getIdentity();
  if (!who) return null;
  return (
    <div className="account-menu">
      <Link href="/account" prefetch={false} data-testid="account-link">
        {who.username}
      </Link>
      <span className="pill" title="Your role">
        {who.role}
      </span>
      {who.via === 'session' && (
        <form method="post" action="/api/auth/sign-out">
          <button type="submit" className="small">
            Sign out
          </button>
        </form>
      )}
    </div>
  );
}
