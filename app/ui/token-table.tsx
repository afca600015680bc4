import type { TokenSummary } from '@/lib/auth/tokens';
import { formatTime } from './format';

/** API tokens with their state and a Revoke button (a server action passed in). */
export function TokenTable({
  tokens,
  revoke,
  showUser,
  now,
}: {
  tokens: TokenSummary[];
  revoke: (form: FormData) => Promise<void>;
  showUser: boolean;
  now: Date;
}) {
  if (tokens.length === 0) return <p className="muted">No API tokens yet.</p>;
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th>ID</th>
            {showUser && <th>User</th>}
            <th>Name</th>
            <th>Scope</th>
            <th>State</th>
            <th>Expires</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => {
            const state = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active';
            return (
              <tr key={t.id}>
                <td className="mono">{t.id}</td>
                {showUser && <td>{t.username}</td>}
                <td>{t.name}</td>
                <td>{t.scope}</td>
                <td>{state}</td>
                <td>{t.expiresAt ? formatTime(t.expiresAt) : 'never'}</td>
                <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : '—'}</td>
                <td>
                  {state === 'active' && (
                    <form action={revoke}>
                      <input type="hidden" name="id" value={t.id} />
                      <button type="submit" className="small" aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
