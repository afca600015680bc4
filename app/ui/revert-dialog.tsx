'use client';

import type { RevertOutcome, RevertPreview } from '@/lib/apply/revert';
import { ActionError, ActionOutcome, ConfirmOrCancel } from './reviewed-action-parts';
import { useReviewedAction } from './use-reviewed-action';

const RESULT_TEXT: Record<RevertOutcome['result'], string> = {
  reverted: 'Reverted: the definition read back is the one before the change.',
  failed: 'Failed: see the output.',
};

/**
 * Revert…: preview (the diff back to the definition before the apply), then Revert, then the result.
 * The history keeps it mounted once the change is reverted (`reverted`), so the result stays on screen
 * after the page refreshes; a reverted change offers no Revert… of its own.
 */
export function RevertDialog({ changeId, reverted = false }: { changeId: number; reverted?: boolean }) {
  const action = useReviewedAction<RevertPreview, RevertOutcome>(`/api/v1/domain-changes/${changeId}/revert`);
  const { ready, busy, error, preview, outcome, open } = action;

  if (reverted && !outcome) return null;
  return (
    <span className="apply" data-testid="revert">
      {!preview && !outcome && (
        <button type="button" onClick={open} disabled={busy || !ready} data-testid="revert-open">
          {busy ? 'Reading the definition…' : 'Revert…'}
        </button>
      )}
      {preview && (
        <div
          role="dialog"
          aria-label="Review the revert"
          className="apply-review"
          data-testid="revert-review"
        >
          <p>
            Defines the definition of <b>{preview.domain}</b> on <b>{preview.host}</b> back to what it was
            before this change, as SSH user <span className="mono">{preview.runAs}</span>. Nothing is started
            or stopped.
          </p>
          <pre className="apply-diff" data-testid="revert-diff">
            <code>{preview.diff}</code>
          </pre>
          <ConfirmOrCancel name="revert" labels={['Revert', 'Reverting…']} action={action} />
        </div>
      )}
      <ActionOutcome name="revert" outcome={outcome} texts={RESULT_TEXT} />
      <ActionError name="revert" error={error} />
    </span>
  );
}
