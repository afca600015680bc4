'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useState } from 'react';

/** One call to our JSON API: POST when there is a body, else GET; a body that is not JSON becomes `{error}`. */
export async function callApi(url: string, body?: object): Promise<{ ok: boolean; data: unknown }> {
  const res = await fetch(url, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
  });
  return { ok: res.ok, data: await res.json().catch(() => ({ error: `the server answered ${res.status}` })) };
}

/** False until the page has hydrated: a button that needs a handler stays disabled until it has one. */
export function useHydrated(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return ready;
}

/** POSTs to `url` one request at a time: `busy` meanwhile, the API's error message in `error` on failure. */
export function useApiPost(url: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function send(body: object, done: (data: unknown) => void) {
    setBusy(true);
    setError(null);
    try {
      const r = await callApi(url, body);
      if (r.ok) done(r.data);
      else setError((r.data as { error?: string }).error ?? 'the request failed');
    } catch (e) {
      setError(`request failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, send };
}

/**
 * A change reviewed before it is made (Apply…, Revert…): `open` asks `url` for the preview
 * ({dryRun: true}), `confirm` makes exactly the previewed plan ({dryRun: false, planId}) and refreshes
 * the page; `outcome` is the result the API answered.
 */
export function useReviewedAction<Preview extends { planId: string }, Outcome>(url: string) {
  const router = useRouter();
  const ready = useHydrated();
  const { busy, error, send } = useApiPost(url);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const open = () => {
    setOutcome(null);
    void send({ dryRun: true }, (d) => setPreview(d as Preview));
  };
  const confirm = () =>
    preview &&
    send({ dryRun: false, planId: preview.planId }, (d) => {
      setOutcome(d as Outcome);
      startTransition(() => router.refresh());
    });
  const cancel = () => setPreview(null);
  return { ready, busy, error, preview, outcome, open, confirm, cancel };
}
