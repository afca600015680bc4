import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { ROLES } from '@/lib/auth/roles';
import { listTokens } from '@/lib/auth/tokens';
import { listUsers } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { revokeOwnToken } from '../account/actions';
import { formatTime } from '../ui/format';
import { TokenTable } from '../ui/token-table';
import { AddUserForm } from './add-user-form';
import { endSessionsAction, removeUserAction, setRoleAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Users' };

/** Admins: every user with their role, and every API token. */
export default async function UsersPage() {
  const { identity, allowed } = await requirePageRole('admin');
  if (!allowed) {
    return (
      <div className="notice error" role="alert">
        Only admins manage users; you are signed in as {identity.username} ({identity.role}).
      </div>
    );
  }
  const db = getDb();
  const [users, tokens] = await Promise.all([listUsers(db), listTokens(db)]);
  return (
    <>
      <div className="page-header">
        <div className="titles">
          <h1>Users</h1>
          <span className="meta-line">
            viewer reads everything but secrets · operator also sends test events and applies fixes · admin
            also manages users, tokens and reads the audit log
          </span>
        </div>
      </div>
      <section className="card">
        <div className="card-header">
          <h2>Add a user</h2>
        </div>
        <div className="card-body">
          <AddUserForm />
        </div>
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Users</h2>
          <span className="sub">{users.length}</span>
        </div>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Sign-in</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-user={u.username}>
                  <td>{u.username}</td>
                  <td>
                    <form action={setRoleAction} className="form-row" style={{ alignItems: 'center' }}>
                      <input type="hidden" name="username" value={u.username} />
                      <select name="role" defaultValue={u.role} aria-label={`Role of ${u.username}`}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="small">
                        Save role
                      </button>
                      <span className="visually-hidden">current role {u.role}</span>
                    </form>
                  </td>
                  <td>{u.hasPassword ? 'password' : 'auth proxy'}</td>
                  <td>{formatTime(u.createdAt)}</td>
                  <td>
                    <div className="form-row">
                      <form action={endSessionsAction}>
                        <input type="hidden" name="username" value={u.username} />
                        <button type="submit" className="small">
                          Sign out everywhere
                        </button>
                      </form>
                      {u.id !== identity.userId && (
                        <form action={removeUserAction}>
                          <input type="hidden" name="username" value={u.username} />
                          <button type="submit" className="small">
                            Remove
                          </button>
                        </form>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <div className="card-header">
          <h2>API tokens</h2>
          <span className="sub">
            every user&apos;s; make tokens on the Account page or with npm run tokens
          </span>
        </div>
        <div className="card-body">
          <TokenTable tokens={tokens} revoke={revokeOwnToken} showUser now={new Date()} />
        </div>
      </section>
    </>
  );
}
