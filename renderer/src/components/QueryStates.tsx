import type { ReactNode } from 'react';
import { ApiError } from '../../../shared/contract-kit.js';

/** Shown while a query has no data yet. */
export function LoadingState({ label }: { label: string }) {
  return (
    <div className="state state-loading" data-testid="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** A failed query, with the API's own message: it names the call and what was wrong. */
export function ErrorState({ title, error }: { title: string; error: unknown }) {
  const message = error instanceof Error ? error.message : String(error);
  // In browser mode a refused token usually means the page was opened without the URL the server printed.
  const forbidden = error instanceof ApiError && error.code === 'forbidden';
  return (
    <div className="state state-error" data-testid="error-state" role="alert">
      <strong>{title}</strong>
      <span className="state-detail">{message}</span>
      {forbidden && <span className="state-detail">Open Casefile with the full address “casefile serve” printed: it carries the access token.</span>}
    </div>
  );
}

/** Nothing to show yet, and what the user can do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" data-testid="empty-state">
      <strong>{title}</strong>
      {children && <span className="state-detail">{children}</span>}
    </div>
  );
}
