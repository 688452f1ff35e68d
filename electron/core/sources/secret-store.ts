import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { sourceSecrets, type SourceConfig, type SourceSecrets } from '../../../shared/sources.js';

/**
 * Where source secrets (tokens, passwords, custom header values) live: never in the config, never in SQLite.
 * The Electron main process plugs in the OS keychain (electron/main/safe-storage-secrets.ts, Electron's
 * safeStorage); browser mode and the command line use FileSecretStore, a 0600 file beside the cache.
 */
export interface SecretStore {
  /** Where the secrets are kept, for the UI and `casefile source list` ("OS keychain", a file path). */
  readonly description: string;
  get(source: string): Promise<SourceSecrets | null>;
  set(source: string, secrets: SourceSecrets): Promise<void>;
  delete(source: string): Promise<void>;
}

export const SECRETS_FILE = 'secrets.json';

const secretsFile = z.object({ version: z.literal(1), sources: z.record(z.string(), sourceSecrets) });
type SecretsFile = z.infer<typeof secretsFile>;

/**
 * secrets.json beside the cache, created with mode 0600 (owner read/write only). A file whose mode lets anyone else
 * read or write it is refused rather than used: someone may have copied it or changed it, and the user must know.
 * (On Windows, file modes do not exist; the file relies on the per-user profile folder's ACL.)
 */
export class FileSecretStore implements SecretStore {
  readonly description: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {
    this.description = `file ${path} (mode 0600)`;
  }

  static beside(databasePath: string): FileSecretStore {
    return new FileSecretStore(join(dirname(databasePath), SECRETS_FILE));
  }

  async get(source: string): Promise<SourceSecrets | null> {
    const file = await this.read();
    return file.sources[source] ?? null;
  }

  set(source: string, secrets: SourceSecrets): Promise<void> {
    return this.update((file) => {
      file.sources[source] = secrets;
    });
  }

  delete(source: string): Promise<void> {
    return this.update((file) => {
      delete file.sources[source];
    });
  }

  /** Read-modify-write, one at a time, replacing the file atomically so a crash never leaves half a file. */
  private update(change: (file: SecretsFile) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const file = await this.read();
      change(file);
      await mkdir(dirname(this.path), { recursive: true });
      const temp = `${this.path}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      await chmod(temp, 0o600); // the umask may have narrowed it further, never widened it; make it exact
      await rename(temp, this.path);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<SecretsFile> {
    let text: string;
    try {
      if (process.platform !== 'win32') {
        const mode = (await stat(this.path)).mode & 0o777;
        if ((mode & 0o077) !== 0) {
          throw new Error(
            `refusing to read ${this.path}: its permissions are ${mode.toString(8).padStart(4, '0')}, so other users may read ` +
              `it; run "chmod 600 ${this.path}" if that is expected, or re-enter the secrets`,
          );
        }
      }
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, sources: {} };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${this.path} is not valid JSON`);
    }
    const result = secretsFile.safeParse(parsed);
    // The path, never the value: the message must not echo a secret.
    if (!result.success) throw new Error(`${this.path}: unexpected content at ${result.error.issues[0]?.path.join('.') ?? '(top)'}`);
    return result.data;
  }
}

/**
 * Every secret of a source as plain strings, for redaction: the stored values and the credentials built from them as
 * they are sent. Basic auth sends base64(`user:password`), whose text holds the password's own base64 only when the
 * `user:` prefix is a multiple of 3 bytes long, so the pair is a secret of its own (redactSecrets adds the encodings).
 */
export function secretValues(config: SourceConfig, secrets: SourceSecrets | null): string[] {
  if (secrets === null) return [];
  const values = [secrets.token, secrets.password, ...Object.values(secrets.headers ?? {})].filter((v): v is string => v !== undefined && v !== '');
  if (config.auth.type === 'basic' && secrets.password) values.push(`${config.auth.username}:${secrets.password}`);
  // A header value such as "ApiKey <key>" or "Bearer <token>": a server may echo back just the credential part.
  return values.flatMap((v) => {
    const credential = /^[A-Za-z][\w-]*\s+(\S{8,})$/.exec(v)?.[1];
    return credential === undefined ? [v] : [v, credential];
  });
}
