'use client';

import { useActionState } from 'react';
import { addUserAction } from './actions';

/** Add-user form (admins). */
export function AddUserForm() {
  const [state, action, pending] = useActionState(addUserAction, null);
  return (
    <form action={action} className="form-grid">
      <div className="form-row">
        <label>
          User name
          <input type="text" name="username" required autoComplete="off" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer" aria-label="Role for the new user">
            <option value="viewer">viewer</option>
            <option value="operator">operator</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          Password
          <input type="password" name="password" required minLength={8} autoComplete="new-password" />
        </label>
        <button type="submit" className="primary" disabled={pending}>
          Add user
        </button>
      </div>
      {state && (
        <div className={state.ok ? 'notice' : 'notice error'} role={state.ok ? 'status' : 'alert'}>
          {state.message}
        </div>
      )}
    </form>
  );
}
