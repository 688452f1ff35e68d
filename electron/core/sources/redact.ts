/**
 * Secrets must never reach SQLite, a log line, an error message or an exported file. Everything that turns a request
 * or a response into text goes through here: known secret values are replaced wherever they appear (a server may
 * echo a token back in an error body), and query parameters that usually carry credentials are masked.
 */
export const REDACTED = '[redacted]';

/** Query parameter names that carry credentials in the wild (API keys, signed URLs, OAuth). */
const SECRET_PARAMS = /^(access_token|token|api[_-]?key|apikey|key|password|passwd|secret|client_secret|sig|signature|auth|authorization|x-amz-signature|x-goog-signature)$/i;

/** Below this length a value would blank out ordinary words; real credentials are longer. */
const MIN_SECRET = 4;
/** A base64 fragment shorter than this could match by chance in ordinary text. */
const MIN_FRAGMENT = 8;

/**
 * Replaces every occurrence of each secret with [redacted], in every form a client sends or a server echoes: as is,
 * JSON-escaped, URL-encoded (either hex case, `+` for spaces), and base64 (standard, URL-safe, unpadded, URL-encoded),
 * including the base64 of the secret embedded at any byte offset of a longer encoded value: basic auth encodes
 * `user:password`, so the password's own base64 appears only when the `user:` prefix is a multiple of 3 bytes long.
 * Longer forms go first, so a whole credential is masked rather than the part of it that matched first.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const form of secretForms(secrets)) out = out.split(form).join(REDACTED);
  return out;
}

function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET) continue;
    for (const text of textForms(secret)) forms.add(text);
    for (const encoded of base64Forms(Buffer.from(secret))) {
      forms.add(encoded);
      for (const text of textForms(encoded)) forms.add(text);
    }
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
}

/** The secret as text: itself, JSON-escaped, and URL-encoded the ways clients and servers write it. */
function textForms(secret: string): string[] {
  const component = encodeURIComponent(secret);
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    component,
    component.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ x: secret }).toString().slice(2),
  ];
}

/**
 * The secret's base64 on its own (padded, unpadded, URL-safe), and the part of its base64 that is the same whatever
 * bytes come before it: encoded after 1 or 2 other bytes, the first 4 characters also carry those bytes and the last
 * group carries the bytes after, so both are dropped and what stays is found inside any longer encoding.
 */
function base64Forms(bytes: Buffer): string[] {
  const whole = bytes.toString('base64');
  const forms = [whole, whole.replace(/=+$/, ''), bytes.toString('base64url')];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = offset === 0 ? 0 : 4;
    const end = (offset + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 4;
    const fragment = encoded.slice(start, end);
    if (fragment.length >= MIN_FRAGMENT) forms.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/**
 * Removes secrets from an error's message in place, for failures raised outside the HTTP client (a parse error
 * quoting a body the server filled with an echoed header) before the message is stored or shown.
 */
export function redactError(error: unknown, secrets: readonly string[]): void {
  if (error instanceof Error && secrets.length > 0) error.message = redactSecrets(error.message, secrets);
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
