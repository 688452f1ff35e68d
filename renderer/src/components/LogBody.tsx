import { useState } from 'react';
import { summariseBody } from '../lib/log-body.js';

/** A log body: one line when short; stack traces collapsed to their first line until expanded, then preformatted. */
export function LogBody({ body }: { body: string }) {
  const [expanded, setExpanded] = useState(false);
  const { firstLine, hasMore } = summariseBody(body);
  if (!hasMore) return <span className="log-body">{firstLine}</span>;
  return (
    <div className="log-body multiline" data-testid="log-body-multiline" data-expanded={expanded}>
      <button type="button" className="expand-toggle" data-testid="log-expand" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {expanded ? '▾' : '▸'}
      </button>
      {expanded ? <pre data-testid="log-body-full">{body}</pre> : <span className="log-first-line">{firstLine}</span>}
    </div>
  );
}
