'use client';

import { useActionState } from 'react';
import { changeOwnPassword, createOwnToken, type ActionState } from './actions';

function Result({ state }: { state: ActionState | null }) {
  if (!state) return null;
  return (
    <div className={state.ok ? 'notice' : 'notice error'} role={state.ok ? 'status' : 'alert'}>
      {state.message}
    </div>
  );
}

/** New API token form; shows the secret once. */
export function TokenForm({ canOperate }: { canOperate: boolean }) {
  const [state, action, pending] = useActionState(createOwnToken, null);
  return (
    <form action={action} className="form-grid">
      <div className="form-row">
        <label>
          Token name
          <input type="text" name="name" required maxLength={100} placeholder="uptime check" />
        </label>
        <label>
          Scope
          <select name="scope" defaultValue="read">
            <option value="read">read</option>
            {canOperate && <option value="operate">operate</option>}
          </select>
        </label>
        <label>
          Expires after
          <select name="expires" defaultValue="90d">
            <option value="30d">30 days</option>
            <option value="90d">90 days</option>
            <option value="365d">1 year</option>
            <option value="never">never</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={pending}>
          Create token
        </button>
      </div>
      <Result state={state} />
      {state?.secret && (
        <div className="secret-once">
          <span className="muted">Use it as an HTTP header: Authorization: Bearer &lt;token&gt;</span>
          <code className="mono" data-testid="new-token">
            {state.secret}
          </code>
        </div>
      )}
    </form>
  );
}

/** Change-password form. */
export function PasswordForm() {
  const [state, action, pending] = useActionState(changeOwnPassword, null);
  return (
    <form action={action} className="form-grid" style={{ maxWidth: 360 }}>
      <label>
        Current password
        <input type="password" name="current" autoComplete="current-password" required />
      </label>
      <label>
        New password
        <input type="password" name="next" autoComplete="new-password" required minLength={8} />
      </label>
      <label>
        New password again
        <input type="password" name="confirm" autoComplete="new-password" required minLength={8} />
      </label>
      <button type="submit" disabled={pending}>
        Change password
      </button>
      <Result state={state} />
    </form>
  );
}
