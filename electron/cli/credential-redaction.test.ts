import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopback, type Loopback } from '../core/sources/test-support/loopback.js';
import { runCasefile, type Run } from './test-support/run-casefile.js';

/**
 * A source that refuses every request and echoes the credentials it was sent, decoded and re-encoded, as some
 * proxies and misconfigured backends do. Whatever it echoes must not reach the cache (database and WAL), the config
 * files or what the CLI prints. Basic auth is tried with user names of each length modulo 3: the password's own base64
 * is inside the header only when `user:` is a multiple of 3 bytes, which is all an earlier redaction looked for.
 */
const PASSWORD = 'pw/S3cr3t+q&r=é!77';
const TOKEN = 'tok-9f83c2d1e0b7a6';
const API_KEY = 'key-0c4e81d7f2a9b3';
const HEADER_AUTH = 'ApiKey ak-5b2f90e6c1d84a7';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const USERS = ['a', 'bo', 'bob', 'ab12'];

let dir: string;
let server: Loopback;
const outputs: Run[] = [];

function casefile(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<Run> {
  return runCasefile([...args, '--db', join(dir, 'cache.sqlite')], env, stdin).then((run) => {
    outputs.push(run);
    return run;
  });
}

/** Every form in which a secret of these sources could be written: as sent, decoded, and encoded again. */
function secretForms(): string[] {
  const raw = [PASSWORD, TOKEN, API_KEY, HEADER_AUTH, HEADER_AUTH.split(' ')[1]!];
  for (const user of USERS) {
    const pair = `${user}:${PASSWORD}`;
    const base64 = Buffer.from(pair).toString('base64');
    raw.push(pair, base64, base64.replace(/=+$/, ''), Buffer.from(pair).toString('base64url'), `Basic ${base64}`);
  }
  return [...new Set(raw.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]))];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-redaction-'));
  server = await startLoopback((req, res) => {
    const auth = String(req.headers.authorization ?? '');
    const basic = /^Basic (.+)$/.exec(auth)?.[1];
    const decoded = basic === undefined ? '' : Buffer.from(basic, 'base64').toString('utf8');
    const key = String(req.headers['x-api-key'] ?? '');
    const echo = `denied: authorization=${auth} decoded=${decoded} url=${encodeURIComponent(auth)} json=${JSON.stringify({ auth, key })} key=${key}`;
    res.writeHead(401, { 'Content-Type': 'text/plain' }).end(echo);
  });
  const kinds = ['--kind', 'jaeger', '--url', server.url];
  for (const user of USERS) {
    const added = await casefile(['source', 'add', `basic-${user}`, ...kinds, '--user', user, '--password-env', 'PW'], { PW: PASSWORD });
    expect(added.code, added.stderr).toBe(0);
  }
  expect((await casefile(['source', 'add', 'bearer', ...kinds, '--token-env', 'TOKEN'], { TOKEN })).code).toBe(0);
  const headers = await casefile(['source', 'add', 'headers', ...kinds, '--header-env', 'Authorization=AUTH', '--header-env', 'X-Api-Key=KEY'], { AUTH: HEADER_AUTH, KEY: API_KEY });
  expect(headers.code, headers.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('credentials echoed by a refusing source', { timeout: 120_000 }, () => {
  const sources = [...USERS.map((u) => `basic-${u}`), 'bearer', 'headers'];

  it.each(sources)('%s: the pull fails as an auth error naming the source, with the credential masked', async (name) => {
    const human = await casefile(['pull', '--trace', TRACE, '--source', name]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`source "${name}"`);
    expect(human.stderr).toContain('401 Unauthorized');
    expect(human.stderr).toContain('[redacted]');
    const json = await casefile(['pull', '--trace', TRACE, '--source', name, '--json']);
    expect(json.code).toBe(1);
    const tested = await casefile(['source', 'test', name, '--json']);
    expect(tested.code).toBe(1);
    expect(tested.stdout).toContain('401 Unauthorized');
    // The server did get the real credential: the redaction is in what is kept and shown, not in what is sent.
    expect(server.requests.at(-1)!.headers.authorization).toMatch(/^(Basic|Bearer|ApiKey) /);
  });

  it('no secret form is in the database, its WAL, sources.json or any output; secrets.json holds them', () => {
    const forms = secretForms();
    const files = readdirSync(dir).filter((f) => f !== 'secrets.json');
    expect(files).toEqual(expect.arrayContaining(['cache.sqlite', 'sources.json']));
    const db = new Database(join(dir, 'cache.sqlite'));
    try {
      // Read the WAL before a checkpoint folds it away (this handle opens without writing).
      const texts = [...files.map((f) => [f, readFileSync(join(dir, f)).toString('latin1') + readFileSync(join(dir, f)).toString('utf8')] as const)];
      const errors = db.prepare("SELECT error FROM loads WHERE kind = 'pull' AND status = 'failed'").all() as { error: string }[];
      expect(errors.length).toBe(sources.length * 2);
      for (const { error } of errors) expect(error).toMatch(/401 Unauthorized.*\[redacted\]/);
      const printed = outputs.map((o, i) => [`output ${i}`, `${o.stdout}\n${o.stderr}`] as const);
      const leaks = [...texts, ...printed].flatMap(([where, text]) => forms.filter((form) => text.includes(form)).map((form) => `${form} in ${where}`));
      expect(leaks).toEqual([]);
    } finally {
      db.close();
    }
    const secretsFile = readFileSync(join(dir, 'secrets.json'), 'utf8');
    for (const secret of [PASSWORD, TOKEN, API_KEY, HEADER_AUTH]) expect(secretsFile).toContain(JSON.stringify(secret).slice(1, -1));
  });
});
