/**
 * Secrets must never reach SQLite, a log line, an error message or an exported file. Everything that turns a request
 * or a response into text goes through here: known secret values are replaced wherever they appear (a server may
 * echo a token back in an error body), and query parameters that usually carry credentials are masked.
 */
export const REDACTED = '[redacted]';

/** Query parameter names that carry credentials in the wild (API keys, signed URLs, OAuth). */
const SECRET_PARAMS = /^(access_token|token|api[_-]?key|apikey|key|password|passwd|secret|client_secret|sig|signature|auth|authorization|x-amz-signature|x-goog-signature)$/i;

/** Replaces every occurrence of each secret (and its URL-encoded and base64 forms) with [redacted]. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; real credentials are longer than this.
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** A request path for messages: credential-like query parameters masked, then known secrets removed. */
export function redactPath(pathAndQuery: string, secrets: readonly string[] = []): string {
  const q = pathAndQuery.indexOf('?');
  let out = pathAndQuery;
  if (q >= 0) {
    const params = new URLSearchParams(pathAndQuery.slice(q + 1));
    let changed = false;
    for (const name of [...params.keys()]) {
      if (SECRET_PARAMS.test(name)) {
        params.set(name, REDACTED);
        changed = true;
      }
    }
    if (changed) out = `${pathAndQuery.slice(0, q)}?${params.toString()}`;
  }
  return redactSecrets(out, secrets);
}

/** A URL for messages: user info and credential-like parameters removed. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return `${parsed.origin}${redactPath(`${parsed.pathname}${parsed.search}`, secrets)}`;
  } catch {
    return redactSecrets(url, secrets);
  }
}

/** Header values safe to show: Authorization, cookies and every custom secret header are masked. */
export function redactHeaders(headers: Record<string, string>, secretNames: readonly string[] = []): Record<string, string> {
  const masked = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', ...secretNames.map((n) => n.toLowerCase())]);
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, masked.has(k.toLowerCase()) ? REDACTED : v]));
}
