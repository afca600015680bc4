'use client';

import { useEffect } from 'react';

/** Scrolls the finding a link pointed at (?id=N) into view and moves keyboard focus to it. */
export function ScrollToFinding({ id }: { id: number }) {
  useEffect(() => {
    const el = document.getElementById(`finding-${id}`);
    if (!el) return;
    el.scrollIntoView({ block: 'start' });
    el.querySelector('summary')?.focus({ preventScroll: true });
  }, [id]);
  return null;
}
