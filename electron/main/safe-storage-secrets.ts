import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import { sourceSecrets, type SourceSecrets } from '../../shared/sources.js';
import type { SecretStore } from '../core/sources/secret-store.js';

/**
 * Source secrets in the desktop app: each source's secrets are encrypted with Electron's safeStorage (the OS
 * keychain: Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux) and only the encrypted blobs, base64,
 * are kept in a file beside the cache. Without an OS keychain (safeStorage unavailable, or Linux's plain-text
 * "basic_text" backend) saving a secret fails with a clear message rather than storing it weakly.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly description = 'OS keychain (Electron safeStorage)';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly safeStorage: SafeStorage,
    private readonly path: string,
  ) {}

  async get(source: string): Promise<SourceSecrets | null> {
    const blob = (await this.read())[source];
    if (blob === undefined) return null;
    if (!this.safeStorage.isEncryptionAvailable()) throw new Error('the OS keychain is not available, so stored source secrets cannot be read');
    const parsed = sourceSecrets.safeParse(JSON.parse(this.safeStorage.decryptString(Buffer.from(blob, 'base64'))));
    if (!parsed.success) throw new Error(`the stored secrets of source "${source}" are unreadable; enter them again`);
    return parsed.data;
  }

  set(source: string, secrets: SourceSecrets): Promise<void> {
    return this.update((blobs) => {
      if (!this.safeStorage.isEncryptionAvailable()) throw new Error('the OS keychain is not available: source secrets cannot be stored safely');
      if (process.platform === 'linux' && this.safeStorage.getSelectedStorageBackend() === 'basic_text') {
        throw new Error('no OS keychain (gnome-keyring or kwallet) is running: source secrets cannot be stored safely');
      }
      blobs[source] = this.safeStorage.encryptString(JSON.stringify(secrets)).toString('base64');
    });
  }

  delete(source: string): Promise<void> {
    return this.update((blobs) => {
      delete blobs[source];
    });
  }

  private update(change: (blobs: Record<string, string>) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const blobs = await this.read();
      change(blobs);
      await mkdir(dirname(this.path), { recursive: true });
      const temp = `${this.path}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify({ version: 1, sources: blobs }, null, 2)}\n`, { mode: 0o600 });
      await rename(temp, this.path);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Record<string, string>> {
    try {
      const file = JSON.parse(await readFile(this.path, 'utf8')) as { sources?: Record<string, string> };
      return file.sources ?? {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`${this.path} is unreadable: ${(error as Error).message}`);
    }
  }
}
