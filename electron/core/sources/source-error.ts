import type { SourceErrorStage } from '../../../shared/source-pulls.js';

/**
 * A failure talking to a source. The message always names the source and the request (method and path, secrets
 * redacted by the HTTP client before it gets here), then what went wrong and, where one exists, what to check.
 * `stage` lets the UI and the test result say which part failed.
 */
export class SourceError extends Error {
  constructor(
    readonly source: string,
    readonly stage: SourceErrorStage,
    /** "GET /api/traces?service=frontend", or null for failures before any request (config, secrets). */
    readonly request: string | null,
    readonly reason: string,
    readonly status: number | null = null,
  ) {
    super(`source "${source}": ${request === null ? '' : `${request}: `}${reason}`);
    this.name = 'SourceError';
  }
}

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}
