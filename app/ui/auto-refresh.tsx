'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useState } from 'react';

/**
 * Re-renders the server components of the current page every `intervalMs` (router.refresh keeps scroll,
 * focus and form state), only while the tab is visible; catches up at once when the tab comes back.
 */
export function AutoRefresh({ intervalMs = 30_000 }: { intervalMs?: number }) {
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  const [lastRefresh, setLastRefresh] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  useEffect(() => {
    if (paused) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const refresh = () => {
      startTransition(() => router.refresh());
      setLastRefresh(new Date().toLocaleTimeString());
    };
    const start = () => {
      clearInterval(timer);
      timer = setInterval(() => {
        if (document.visibilityState === 'visible') refresh();
      }, intervalMs);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        refresh();
        start();
      } else {
        clearInterval(timer);
      }
    };
    if (document.visibilityState === 'visible') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [paused, intervalMs, router]);

  return (
    <div className={`refresh${paused ? ' paused' : ''}`}>
      <span className="dot" aria-hidden="true" />
      <span aria-live="polite">
        {paused ? 'Auto-refresh paused' : `Auto-refresh ${Math.round(intervalMs / 1000)} s`}
        {lastRefresh && !paused ? ` · updated ${lastRefresh}` : ''}
      </span>
      <button
        type="button"
        className="small"
        onClick={() => setPaused((p) => !p)}
        aria-pressed={paused}
        disabled={!ready}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
    </div>
  );
}
