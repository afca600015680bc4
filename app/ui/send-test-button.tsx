'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useState } from 'react';

/** POSTs a test event for one webhook, says what happened, and refreshes the page to show the new event. */
export function SendTestButton({ webhook }: { webhook: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function send() {
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch(`/api/v1/webhooks/${encodeURIComponent(webhook)}/test`, { method: 'POST' });
      const body = (await res.json().catch(() => ({}))) as { eventId?: string | number; error?: string };
      if (res.ok) {
        setMessage({
          ok: true,
          text: `Test event ${String(body.eventId ?? '').slice(0, 8)} queued; the delivery loop sends it next.`,
        });
        startTransition(() => router.refresh());
      } else {
        setMessage({ ok: false, text: body.error ?? `the server answered ${res.status}` });
      }
    } catch (e) {
      setMessage({ ok: false, text: `request failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      {message && (
        <span role="status" className={message.ok ? 'yes' : 'bad'} style={{ fontSize: 12 }}>
          {message.text}
        </span>
      )}
      <button type="button" onClick={send} disabled={busy || !ready}>
        {busy ? 'Sending…' : 'Send test event'}
      </button>
    </span>
  );
}
