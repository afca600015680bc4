'use client';

import { useEffect, useState } from 'react';
import { Icon } from './icons';

// navigator.clipboard exists only in secure contexts (https, localhost); dashboards are often opened over
// plain http on an internal address, so fall back to the selection-based copy there.
function copyWithSelection(text: string): void {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    if (!document.execCommand('copy')) throw new Error('copy command refused');
  } finally {
    area.remove();
  }
}

/** Puts exactly `text` on the clipboard with one click and says "Copied". */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  // Disabled until hydrated: a click before React attached the handler would silently do nothing.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(text);
      else copyWithSelection(text);
      setState('copied');
    } catch {
      try {
        copyWithSelection(text);
        setState('copied');
      } catch {
        setState('failed');
      }
    }
  }

  return (
    <button type="button" className="small copy-button" onClick={copy} data-state={state} disabled={!ready}>
      <Icon name={state === 'copied' ? 'check' : 'copy'} size={12} />
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
      </span>
      <span className="visually-hidden"> {what}</span>
    </button>
  );
}
