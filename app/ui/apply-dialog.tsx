'use client';

import type { GuestApplyPreview } from '@/lib/apply/guest/service';
import type { ApplyOutcome, ApplyPreview } from '@/lib/apply/service';
import { ActionError, ActionOutcome, ConfirmOrCancel } from './reviewed-action-parts';
import { useReviewedAction } from './use-reviewed-action';

// A domain change's preview, or (with `kind` and `target`) a fix that runs inside the target.
type Preview = Omit<ApplyPreview, 'findingId' | 'plan'> & Partial<Pick<GuestApplyPreview, 'kind' | 'target'>>;
type Outcome = Pick<ApplyOutcome, 'result' | 'output' | 'verified'>;

const RESULT_TEXT: Record<Outcome['result'], string> = {
  applied: 'Applied: the definition read back (or the target, probed again) has the fix.',
  'applied-waiting-for-cold-boot':
    'Applied, waiting for a cold boot: the definition has the fix; the running guest gets it when it is shut down and started again.',
  failed: 'Failed: nothing was changed, or the change could not be verified.',
};

/** Apply…: preview (the exact diff and commands), then Apply, then the verified result. */
export function ApplyDialog({ findingId }: { findingId: number }) {
  const action = useReviewedAction<Preview, Outcome>(`/api/v1/findings/${findingId}/apply`);
  const { ready, busy, error, preview, outcome, open } = action;

  return (
    <div className="apply" data-testid="apply">
      {!preview && (
        <button type="button" onClick={open} disabled={busy || !ready} data-testid="apply-open">
          {busy ? 'Reading the definition…' : 'Apply…'}
        </button>
      )}
      {preview && (
        <div role="dialog" aria-label="Review the change" className="apply-review" data-testid="apply-review">
          {preview.kind === 'guest-commands' ? (
            <p>
              Runs these commands in <b>{preview.target}</b> as SSH user{' '}
              <span className="mono">{preview.runAs}</span>, in order, stopping at the first that fails; then
              probes it again.
            </p>
          ) : (
            <p>
              Changes the persistent definition of <b>{preview.domain}</b> on <b>{preview.host}</b> as SSH
              user <span className="mono">{preview.runAs}</span>. Nothing is started, stopped or hot-plugged
              {preview.restartRequired ? '; the running guest gets the change at its next cold boot.' : '.'}
            </p>
          )}
          {preview.kind === 'guest-commands' ? (
            <pre className="apply-diff" data-testid="apply-commands">
              <code>{preview.commands.join('\n')}</code>
            </pre>
          ) : (
            <pre className="apply-diff" data-testid="apply-diff">
              <code>{preview.diff}</code>
            </pre>
          )}
          <details hidden={preview.kind === 'guest-commands'}>
            <summary>Commands</summary>
            <pre>
              <code>{preview.commands.join('\n')}</code>
            </pre>
          </details>
          <ConfirmOrCancel name="apply" labels={['Apply', 'Applying…']} action={action} />
        </div>
      )}
      <ActionOutcome name="apply" outcome={outcome} texts={RESULT_TEXT} />
      <ActionError name="apply" error={error} />
    </div>
  );
}
