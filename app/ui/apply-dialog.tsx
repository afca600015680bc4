'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useState } from 'react';

interface Preview {
  /** set for a fix that runs inside the target (lib/apply/guest) */
  kind?: 'guest-commands';
  target?: string;
  host: string;
  domain: string;
  runAs: string;
  commands: string[];
  diff: string;
  planId: string;
  restartRequired: boolean;
}

interface Outcome {
  result: 'applied' | 'applied-waiting-for-cold-boot' | 'failed';
  output: string;
  verified: boolean;
}

const RESULT_TEXT: Record<Outcome['result'], string> = {
  applied: 'Applied: the definition read back (or the target, probed again) has the fix.',
  'applied-waiting-for-cold-boot':
    'Applied, waiting for a cold boot: the definition has the fix; the running guest gets it when it is shut down and started again.',
  failed: 'Failed: nothing was changed, or the change could not be verified.',
};

async function post(findingId: number, body: object): Promise<{ ok: boolean; data: unknown }> {
  const res = await fetch(`/api/v1/findings/${findingId}/apply`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { ok: res.ok, data: await res.json().catch(() => ({ error: `the server answered ${res.status}` })) };
}

/** Apply…: preview (the exact diff and commands), then Apply, then the verified result. */
export function ApplyDialog({ findingId }: { findingId: number }) {
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
      const r = await post(findingId, body);
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
  const apply = () =>
    preview &&
    run({ dryRun: false, planId: preview.planId }, (d) => {
      setOutcome(d as Outcome);
      startTransition(() => router.refresh());
    });

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
          {!outcome && (
            <span style={{ display: 'inline-flex', gap: 8 }}>
              <button type="button" onClick={apply} disabled={busy} data-testid="apply-confirm">
                {busy ? 'Applying…' : 'Apply'}
              </button>
              <button type="button" onClick={() => setPreview(null)} disabled={busy}>
                Cancel
              </button>
            </span>
          )}
        </div>
      )}
      {outcome && (
        <div role="status" data-testid="apply-result" data-result={outcome.result}>
          <b className={outcome.result === 'failed' ? 'bad' : 'yes'}>{RESULT_TEXT[outcome.result]}</b>
          {outcome.output && <pre>{outcome.output}</pre>}
        </div>
      )}
      {error && (
        <div role="alert" className="bad" data-testid="apply-error">
          {error}
        </div>
      )}
    </div>
  );
}
