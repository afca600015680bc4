'use client';

export interface BulkPreview {
  rule: string;
  valid: boolean;
  targets: {
    findingId: number;
    host: string;
    domain: string;
    runAs: string;
    commands: string[];
    diff: string;
    planId: string | null;
    restartRequired: boolean;
    validation: { ok: boolean; output: string };
  }[];
}

/** The review of a bulk apply: each target's validation and (collapsed) diff and commands. */
export function BulkPreviewView({
  preview,
  busy,
  onConfirm,
  onCancel,
}: {
  preview: BulkPreview;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const failed = preview.targets.filter((t) => !t.validation.ok).length;
  const restart = preview.targets.filter((t) => t.restartRequired).length;
  return (
    <div role="dialog" aria-label="Review the changes" className="apply-review" data-testid="bulk-review">
      <p data-testid="bulk-validation" data-valid={String(preview.valid)}>
        {preview.valid ? (
          <b className="yes">Validated on all {preview.targets.length} domains.</b>
        ) : (
          <b className="bad">
            Validation failed on {failed} of {preview.targets.length} domains: nothing will be changed on any.
            Fix those (or leave them out) and preview again.
          </b>
        )}{' '}
        Changes the persistent definitions only; nothing is started, stopped or hot-plugged
        {restart ? `; ${restart} need a cold boot to use the change.` : '.'}
      </p>
      <ul className="bulk-targets">
        {preview.targets.map((t) => (
          <li
            key={t.findingId}
            data-testid="bulk-review-target"
            data-domain={t.domain}
            data-valid={String(t.validation.ok)}
          >
            <details>
              <summary>
                <span className={t.validation.ok ? 'yes' : 'bad'}>
                  {t.validation.ok ? 'valid' : 'invalid'}
                </span>{' '}
                <b>{t.domain}</b> on {t.host} as <span className="mono">{t.runAs}</span>
              </summary>
              {!t.validation.ok && <pre className="bad">{t.validation.output}</pre>}
              {t.diff && (
                <pre className="apply-diff" data-testid="bulk-diff">
                  <code>{t.diff}</code>
                </pre>
              )}
              <pre>
                <code>{t.commands.join('\n')}</code>
              </pre>
            </details>
          </li>
        ))}
      </ul>
      <span style={{ display: 'inline-flex', gap: 8 }}>
        <button
          type="button"
          onClick={onConfirm}
          disabled={busy || !preview.valid}
          data-testid="bulk-confirm"
        >
          {busy ? 'Starting…' : `Apply to ${preview.targets.length}`}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </span>
    </div>
  );
}
