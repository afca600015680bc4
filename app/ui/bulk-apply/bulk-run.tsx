'use client';

export interface RunView {
  id: number;
  rule: string;
  state: string;
  note: string;
  concurrency: number;
  targets: {
    findingId: number;
    host: string;
    domain: string;
    state: string;
    steps: { name: string; command: string; state: string; exitCode: number | null; output: string }[];
  }[];
}

const RUN_TEXT: Record<string, string> = {
  validating: 'Validating every domain…',
  applying: 'Applying…',
  done: 'Done.',
  refused: 'Refused: a validation failed, nothing was changed.',
  stopped: 'Stopped.',
  abandoned: 'Abandoned: the process running it went away.',
};

const TARGET_TEXT: Record<string, string> = {
  pending: 'waiting',
  validating: 'validating',
  valid: 'valid',
  invalid: 'invalid',
  'not-applied': 'not applied',
  applying: 'applying',
  resolved: 'resolved',
  'applied-waiting-for-cold-boot': 'applied, waiting for a cold boot',
  failed: 'failed',
  skipped: 'skipped',
};

/** A run's progress: per target its state and each step's command, exit code and output (escaped text). */
export function BulkRunView({ run }: { run: RunView }) {
  return (
    <div role="status" data-testid="bulk-run" data-state={run.state}>
      <p>
        <b>
          Run {run.id}: {RUN_TEXT[run.state] ?? run.state}
        </b>{' '}
        {run.note} (at most {run.concurrency} at once)
      </p>
      <ul className="bulk-targets">
        {run.targets.map((t) => (
          <li key={t.findingId} data-testid="bulk-run-target" data-domain={t.domain} data-state={t.state}>
            <details open={t.state === 'failed' || t.state === 'invalid'}>
              <summary>
                <b>{t.domain}</b> on {t.host}:{' '}
                <span className={t.state === 'failed' || t.state === 'invalid' ? 'bad' : ''}>
                  {TARGET_TEXT[t.state] ?? t.state}
                </span>
              </summary>
              {t.steps.map((s, i) => (
                <div key={i} className="bulk-step" data-step={s.name} data-step-state={s.state}>
                  <div className="mono">
                    {s.name} — {s.state}
                    {s.exitCode !== null ? ` (exit ${s.exitCode})` : ''}
                  </div>
                  <pre>
                    <code>{`$ ${s.command}\n${s.output}`}</code>
                  </pre>
                </div>
              ))}
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
