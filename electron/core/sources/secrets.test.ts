import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED, redactPath, redactSecrets } from './redact.js';
import { FileSecretStore } from './secret-store.js';
import { sendJson, startLoopback, type Loopback } from './test-support/loopback.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';

const HEADER_SECRET = 'hdr-secret-5c0ffee9d1';

let dir: string;
let h: SourceHarness | undefined;
let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  h?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('FileSecretStore', () => {
  it('creates secrets.json with mode 0600 and refuses to read it once its mode is wider', async () => {
    dir = mkdtempSync(join(tmpdir(), 'casefile-secrets-'));
    const store = new FileSecretStore(join(dir, 'secrets.json'));
    await store.set('prod', { token: 'abcd-1234' });
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(await store.get('prod')).toEqual({ token: 'abcd-1234' });
    chmodSync(join(dir, 'secrets.json'), 0o644);
    await expect(store.get('prod')).rejects.toThrow(/refusing to read .*secrets\.json: its permissions are 0644.*chmod 600/);
  });
});

describe('redaction', () => {
  it('masks credential query parameters and known secrets in request paths', () => {
    expect(redactPath('/api/traces?service=a&api_key=XYZ&token=t1', ['s3cr3t'])).toBe('/api/traces?service=a&api_key=%5Bredacted%5D&token=%5Bredacted%5D');
    expect(redactPath('/api/x/s3cr3t?q=1', ['s3cr3t'])).toBe('/api/x/[redacted]?q=1');
  });

  it("masks a secret's base64 inside any longer base64 value, whatever the bytes before it", () => {
    const secret = 'pw/S3cr3t+0123';
    for (const prefix of ['', 'a', 'ab', 'abc', 'user:', 'longer-user:']) {
      const header = Buffer.from(`${prefix}${secret}`).toString('base64');
      const masked = redactSecrets(`Basic ${header}`, [secret]);
      expect(masked, prefix).toContain(REDACTED);
      // What is left of the encoding is at most the groups shared with the prefix: no run of the secret's own bytes.
      const left = masked.replace(/^Basic /, '').split(REDACTED).join('');
      expect(Buffer.from(left, 'base64').toString('latin1'), prefix).not.toMatch(/S3cr3t|0123/);
    }
    const lowerHex = encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
    expect(lowerHex).toContain('%2f');
    expect(redactSecrets(`x=${lowerHex} y="${secret}"`, [secret])).toBe(`x=${REDACTED} y="${REDACTED}"`);
    expect(redactSecrets('an ordinary sentence about tokens', [secret])).toBe('an ordinary sentence about tokens');
  });

  it('custom header secrets are sent, and never reach the cache, sources.json or messages', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['x-api-key'] !== HEADER_SECRET) return sendJson(res, 401, { error: `bad key ${String(req.headers['x-api-key'])}` });
      sendJson(res, 500, { error: `backend down (key ${HEADER_SECRET})` });
    });
    h = await sourceHarness();
    dir = h.dir;
    await h.add({ name: 'keyed', kind: 'jaeger', url: server.url, auth: { type: 'headers', names: ['X-Api-Key'] } }, { headers: { 'X-Api-Key': HEADER_SECRET } });
    const info = (await h.client.listSources({})).sources[0]!;
    expect(info.secretsStored).toEqual(['header X-Api-Key']);
    const job = await h.finished(await h.client.pullTrace({ traceId: 'abcdef0123456789', source: 'keyed' }));
    expect(job.error).toContain('backend down (key [redacted])');
    expect(server.requests.at(-1)!.headers['x-api-key']).toBe(HEADER_SECRET);
    h.core.close();
    const files = readdirSync(h.dir).filter((f) => f !== 'secrets.json');
    for (const file of files) expect(readFileSync(join(h.dir, file)).includes(HEADER_SECRET), file).toBe(false);
    expect(readFileSync(join(h.dir, 'secrets.json'), 'utf8')).toContain(HEADER_SECRET);
    h = undefined;
  });
});
