'use client';
// Copies the page's address (which holds the whole view state) to the clipboard.
import { useState } from 'react';

export function CopyLinkButton() {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
    setTimeout(() => setStatus('idle'), 2500);
  };
  return (
    <span className="copy-link">
      <button type="button" className="btn btn-secondary" onClick={copy}>
        Copy link
      </button>
      <span role="status" className="small muted">
        {status === 'copied' ? 'Link copied' : status === 'failed' ? 'Copy failed: use the address bar' : ''}
      </span>
    </span>
  );
}
