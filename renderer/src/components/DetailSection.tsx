import type { ReactNode } from 'react';

/** A titled block of the span detail pane; `count` says how much is inside before anyone reads it. */
export function DetailSection({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <section className="detail-section">
      <h3>
        {title}
        {count !== undefined && <span className="muted"> ({count})</span>}
      </h3>
      {children}
    </section>
  );
}
