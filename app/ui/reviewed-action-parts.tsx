// The parts Apply… and Revert… show alike; `name` prefixes their test ids (apply-confirm, revert-result…).

/** Confirm (the previewed plan) or Cancel (back to the button), both held while a request runs; gone once there is a result. */
export function ConfirmOrCancel(p: {
  name: string;
  /** the button's label, and its label while the request runs */
  labels: [string, string];
  action: { busy: boolean; outcome: unknown; confirm: () => void; cancel: () => void };
}) {
  const { busy, outcome, confirm, cancel } = p.action;
  if (outcome) return null;
  return (
    <span style={{ display: 'inline-flex', gap: 8 }}>
      <button type="button" onClick={confirm} disabled={busy} data-testid={`${p.name}-confirm`}>
        {busy ? p.labels[1] : p.labels[0]}
      </button>
      <button type="button" onClick={cancel} disabled={busy}>
        Cancel
      </button>
    </span>
  );
}

/** The result the API answered: its one-line meaning, then the command output when there is any. */
export function ActionOutcome<R extends string>(p: {
  name: string;
  outcome: { result: R; output: string } | null;
  texts: Record<R, string>;
}) {
  if (!p.outcome) return null;
  const { result, output } = p.outcome;
  return (
    <div role="status" data-testid={`${p.name}-result`} data-result={result}>
      <b className={result === 'failed' ? 'bad' : 'yes'}>{p.texts[result]}</b>
      {output && <pre>{output}</pre>}
    </div>
  );
}

/** The API's error message (or why the request did not get through). */
export function ActionError({ name, error }: { name: string; error: string | null }) {
  if (!error) return null;
  return (
    <div role="alert" className="bad" data-testid={`${name}-error`}>
      {error}
    </div>
  );
}
