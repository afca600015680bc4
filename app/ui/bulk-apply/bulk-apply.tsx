'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useState } from 'react';
import './bulk-apply.css';
import { BulkPreviewView, type BulkPreview } from './bulk-preview';
import { BulkRunView, type RunView } from './bulk-run';
import { callApi, useApiPost, useHydrated } from '../use-reviewed-action';

export interface BulkItem {
  findingId: number;
  target: string;
  host: string;
  domain: string;
  waitingColdBoot: boolean;
}

const FINAL = new Set(['done', 'refused', 'stopped', 'abandoned']);

/** Select findings of one rule → preview and validation of each → confirm → progress → outcomes. */
export function BulkApply({ rule, items }: { rule: string; items: BulkItem[] }) {
  const router = useRouter();
  const ready = useHydrated();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const { busy, error, setError, send: request } = useApiPost('/api/v1/findings/apply');
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [run, setRun] = useState<RunView | null>(null);

  // Progress: poll the run record (any web process answers) until it is final.
  useEffect(() => {
    if (runId === null) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const r = await callApi(`/api/v1/apply-runs/${runId}`);
        if (stop) return;
        if (r.ok) {
          const view = r.data as RunView;
          setRun(view);
          if (FINAL.has(view.state)) {
            startTransition(() => router.refresh());
            return;
          }
        } else setError((r.data as { error?: string }).error ?? 'reading the progress failed');
      } catch (e) {
        setError(`reading the progress failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!stop) timer = setTimeout(tick, 1000);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [runId, router]);

  const ids = [...selected];
  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const all = selected.size === items.length;

  const openPreview = () => request({ findingIds: ids, dryRun: true }, (d) => setPreview(d as BulkPreview));
  const confirm = () =>
    preview &&
    request(
      {
        findingIds: preview.targets.map((t) => t.findingId),
        dryRun: false,
        planIds: Object.fromEntries(preview.targets.map((t) => [String(t.findingId), t.planId ?? ''])),
      },
      (d) => {
        setPreview(null);
        setRunId((d as { runId: number }).runId);
      },
    );

  if (runId !== null)
    return (
      <div data-testid="bulk-progress">
        {run ? <BulkRunView run={run} /> : <p>Starting run {runId}…</p>}
        {error && (
          <div role="alert" className="bad">
            {error}
          </div>
        )}
        {run && FINAL.has(run.state) && (
          <button
            type="button"
            onClick={() => {
              setRunId(null);
              setRun(null);
              setSelected(new Set());
            }}
          >
            Close
          </button>
        )}
      </div>
    );

  return (
    <div className="bulk-apply">
      <table className="data">
        <thead>
          <tr>
            <th>
              <label>
                <input
                  type="checkbox"
                  checked={all}
                  onChange={() => setSelected(all ? new Set() : new Set(items.map((i) => i.findingId)))}
                  data-testid="bulk-select-all"
                  aria-label={`Select all ${rule} findings`}
                />
              </label>
            </th>
            <th>Target</th>
            <th>Domain</th>
            <th>Host</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.findingId} data-testid="bulk-row" data-domain={i.domain}>
              <td>
                <input
                  type="checkbox"
                  checked={selected.has(i.findingId)}
                  onChange={() => toggle(i.findingId)}
                  aria-label={`Select ${i.domain} on ${i.host}`}
                  data-testid="bulk-select"
                />
              </td>
              <td>{i.target}</td>
              <td className="mono">{i.domain}</td>
              <td>{i.host}</td>
              <td data-testid="bulk-row-state">
                {i.waitingColdBoot ? 'applied, waiting for a cold boot' : 'open'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!preview && (
        <button
          type="button"
          onClick={openPreview}
          disabled={!ready || busy || selected.size === 0}
          data-testid="bulk-open"
        >
          {busy ? 'Reading and validating…' : `Apply to ${selected.size}…`}
        </button>
      )}
      {preview && (
        <BulkPreviewView
          preview={preview}
          busy={busy}
          onConfirm={confirm}
          onCancel={() => setPreview(null)}
        />
      )}
      {error && (
        <div role="alert" className="bad" data-testid="bulk-error">
          {error}
        </div>
      )}
    </div>
  );
}
