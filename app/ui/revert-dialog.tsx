'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useState } from 'react';

interface Preview {
  host: string;
  domain: string;
  runAs: string;
  commands: string[];
  diff: string;
  planId: string;
}

interface Outcome {
  result: 'reverted' | 'failed';
  output: string;
  verified: boolean;
}

async function post(changeId: number, body: object): Promise<{ ok: boolean; data: unknown }> {
  const res = await fetch(`/api/v1/domain-changes/${changeId}/revert`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { ok: res.ok, data: await res.json().catch(() => ({ error: `the server answered ${res.status}` })) };
}

/**
 * Revert…: preview (the diff back to the definition before the apply), then Revert, then the result.
 * The history keeps it mounted once the change is reverted (`reverted`), so the result stays on screen
 * after the page refreshes; a reverted change offers no Revert… of its own.
 */
export function RevertDialog({ changeId, reverted = false }: { changeId: number; reverted?: boolean }) {
  const router = useRouter();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(body: object, done: (data: unknown) => void) {
    setBusy(true);
    setError(null);
    try {
      const r = await post(changeId, body);
      if (r.ok) done(r.data);
      else setError((r.data as { error?: string }).error ?? 'the request failed');
    } catch (e) {
      setError(`request failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const open = () => {
    setOutcome(null);
    void run({ dryRun: true }, (d) => setPreview(d as Preview));
  };
  const revert = () =>
    preview &&
    run({ dryRun: false, planId: preview.planId }, (d) => {
      setOutcome(d as Outcome);
      startTransition(() => router.refresh());
    });

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
          {!outcome && (
            <span style={{ display: 'inline-flex', gap: 8 }}>
              <button type="button" onClick={revert} disabled={busy} data-testid="revert-confirm">
                {busy ? 'Reverting…' : 'Revert'}
              </button>
              <button type="button" onClick={() => setPreview(null)} disabled={busy}>
                Cancel
              </button>
            </span>
          )}
        </div>
      )}
      {outcome && (
        <div role="status" data-testid="revert-result" data-result={outcome.result}>
          <b className={outcome.result === 'failed' ? 'bad' : 'yes'}>
            {outcome.result === 'reverted'
              ? 'Reverted: the definition read back is the one before the change.'
              : 'Failed: see the output.'}
          </b>
          {outcome.output && <pre>{outcome.output}</pre>}
        </div>
      )}
      {error && (
        <div role="alert" className="bad" data-testid="revert-error">
          {error}
        </div>
      )}
    </span>
  );
}
