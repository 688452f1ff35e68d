import type { Reply } from '../../../shared/contract-kit.js';

/**
 * Reads the Reply envelope from an HTTP response. The server sends one whatever the status; anything else (a proxy's
 * HTML error page, a dropped connection) becomes a failed Reply so callers handle a single shape.
 */
export async function readReply(response: Response): Promise<Reply> {
  const text = await response.text();
  try {
    const body: unknown = JSON.parse(text);
    if (isReply(body)) return body;
  } catch {
    // Not JSON: fall through to a reply built from the status.
  }
  const code = response.status === 401 || response.status === 403 ? 'forbidden' : 'failed';
  const detail = text.trim().slice(0, 200);
  return { ok: false, error: { code, message: `HTTP ${response.status}${detail ? `: ${detail}` : ''}` } };
}

function isReply(value: unknown): value is Reply {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null;
}
