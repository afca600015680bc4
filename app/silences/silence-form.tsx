'use client';

import { useActionState } from 'react';
import type { SilenceMatchers } from '@/lib/silences/types';
import '../ui/silences.css';
import {
  createSilenceAction,
  expireSilenceAction,
  updateSilenceAction,
  type SilenceFormState,
} from './actions';

const DURATIONS: [string, string][] = [
  ['1h', '1 hour'],
  ['4h', '4 hours'],
  ['1d', '1 day'],
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['90d', '90 days (the most)'],
];

const NO_ERROR: SilenceFormState = { error: null };

/** Matchers, a required comment and a duration; creates a silence, or edits one when `id` is set. */
export function SilenceForm({
  id,
  matchers,
  comment = '',
  from,
  rules,
}: {
  id?: number;
  matchers: SilenceMatchers;
  comment?: string;
  from?: number;
  rules: string[];
}) {
  const [state, action, pending] = useActionState(
    id === undefined ? createSilenceAction : updateSilenceAction,
    NO_ERROR,
  );
  return (
    <form
      action={action}
      className="silence-form"
      aria-label={id === undefined ? 'New silence' : `Edit silence ${id}`}
    >
      {id !== undefined && <input type="hidden" name="id" value={id} />}
      {from !== undefined && <input type="hidden" name="from" value={from} />}
      <fieldset>
        <legend>Matches (leave a box empty to match any)</legend>
        <label className="field">
          Rule
          <input
            name="rule"
            defaultValue={matchers.rule ?? ''}
            list="silence-rules"
            placeholder="any rule"
            size={26}
          />
        </label>
        <datalist id="silence-rules">
          {rules.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <label className="field">
          Target
          <input name="target" defaultValue={matchers.target ?? ''} placeholder="any target" size={18} />
        </label>
        <label className="field">
          Host and its guests
          <input name="host" defaultValue={matchers.host ?? ''} placeholder="any host" size={18} />
        </label>
        <label className="field">
          Subject
          <input name="subject" defaultValue={matchers.subject ?? ''} placeholder="any subject" size={12} />
        </label>
      </fieldset>
      <label className="field block">
        Why (required: who decided, a ticket, a maintenance window)
        <textarea name="comment" defaultValue={comment} required maxLength={2000} rows={3} cols={60} />
      </label>
      <label className="field">
        {id === undefined ? 'Silence for' : 'New expiry from now'}
        <select name="duration" defaultValue={id === undefined ? '1d' : ''}>
          {id !== undefined && <option value="">keep the current expiry</option>}
          {DURATIONS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {state.error && (
        <div className="notice error" role="alert">
          {state.error}
        </div>
      )}
      <button type="submit" className="primary" disabled={pending}>
        {id === undefined ? 'Create silence' : 'Save changes'}
      </button>
    </form>
  );
}

/** Ends a silence now; its findings alert again from the next collector cycle if still open. */
export function ExpireSilenceButton({ id, back }: { id: number; back?: string }) {
  const [state, action, pending] = useActionState(expireSilenceAction, NO_ERROR);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="id" value={id} />
      {back && <input type="hidden" name="back" value={back} />}
      <button type="submit" className="small" disabled={pending} aria-label={`Expire silence ${id} now`}>
        Expire now
      </button>
      {state.error && (
        <span className="notice error" role="alert">
          {state.error}
        </span>
      )}
    </form>
  );
}
