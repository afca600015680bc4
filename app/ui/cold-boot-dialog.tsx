'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useState } from 'react';

interface Result {
  target: string;
  result: 'cold-booted' | 'not-running' | 'still-running' | 'refused' | 'failed';
  forcedOff: boolean;
  commands: string[];
  output: string;
  seconds: number | null;
}

const RESULT_TEXT: Record<Result['result'], string> = {
  'cold-booted': 'Cold booted: shut down and started again; it is being probed now.',
  'not-running': 'Not running: nothing was done.',
  'still-running': 'Still running: the guest did not shut down in time and was left running.',
  refused: 'Refused: nothing was done.',
  failed: 'Failed: see the output.',
};

/**
 * Cold boot…: its own confirmation (separate from any apply). Shuts the guest down, waits, starts it
 * again; cutting the power after N seconds only when the operator ticks it here.
 */
export function ColdBootDialog({ target, host, domain }: { target: string; host: string; domain: string }) {
  const router = useRouter();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const [open, setOpen] = useState(false);
  const [force, setForce] = useState(false);
  const [seconds, setSeconds] = useState(60);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const res = await fetch(`/api/v1/targets/${encodeURIComponent(target)}/cold-boot`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ confirm: true, ...(force ? { forceOffAfterSeconds: seconds } : {}) }),
      });
      const data = (await res.json().catch(() => ({}))) as { results?: Result[]; error?: string };
      if (!res.ok || !data.results?.[0]) setError(data.error ?? `the server answered ${res.status}`);
      else {
        setResult(data.results[0]);
        startTransition(() => router.refresh());
      }
    } catch (e) {
      setError(`request failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="apply" data-testid="cold-boot">
      {!open && (
        <button type="button" onClick={() => setOpen(true)} disabled={!ready} data-testid="cold-boot-open">
          Cold boot…
        </button>
      )}
      {open && (
        <div
          role="dialog"
          aria-label="Confirm the cold boot"
          className="apply-review"
          data-testid="cold-boot-review"
        >
          <p>
            Shuts <b>{domain}</b> down on <b>{host}</b> (an ACPI power-button request), waits until it is off,
            then starts it again, so QEMU runs its definition. The guest is unavailable meanwhile. Without
            force-off, a guest that does not shut down in time is left running.
          </p>
          <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <input
              type="checkbox"
              checked={force}
              onChange={(e) => setForce(e.target.checked)}
              data-testid="cold-boot-force"
            />
            Force off (cut the power) if it is still running after
            <input
              type="number"
              min={1}
              max={600}
              value={seconds}
              onChange={(e) => setSeconds(Math.max(1, Math.min(600, Number(e.target.value) || 1)))}
              style={{ width: 70 }}
              aria-label="seconds before forcing off"
              data-testid="cold-boot-seconds"
            />
            s
          </label>
          {!result && (
            <span style={{ display: 'inline-flex', gap: 8 }}>
              <button type="button" onClick={confirm} disabled={busy} data-testid="cold-boot-confirm">
                {busy ? 'Cold booting…' : 'Cold boot now'}
              </button>
              <button type="button" onClick={() => setOpen(false)} disabled={busy}>
                Cancel
              </button>
            </span>
          )}
        </div>
      )}
      {result && (
        <div role="status" data-testid="cold-boot-result" data-result={result.result}>
          <b className={result.result === 'cold-booted' ? 'yes' : 'bad'}>
            {RESULT_TEXT[result.result]}
            {result.forcedOff ? ' It was forced off.' : ''}
            {result.seconds !== null ? ` (${result.seconds} s)` : ''}
          </b>
          {result.output && <pre>{result.output}</pre>}
        </div>
      )}
      {error && (
        <div role="alert" className="bad" data-testid="cold-boot-error">
          {error}
        </div>
      )}
    </div>
  );
}
