import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { SourceInfo } from '../../../shared/source-pulls.js';
import {
  missingSecrets,
  secretsFor,
  sourceConfig,
  sourceWarnings,
  type SourceConfig,
  type SourceConfigInput,
  type SourceSecrets,
} from '../../../shared/sources.js';
import type { Db } from '../db/open-database.js';
import type { WriteQueue } from '../db/write-queue.js';
import type { SecretStore } from './secret-store.js';

export const SOURCES_FILE = 'sources.json';

const sourcesFile = z.object({ version: z.literal(1), sources: z.array(z.unknown()) });

export interface StoredSource {
  id: number;
  config: SourceConfig;
}

/**
 * Source configs. sources.json beside the cache is the SOURCE OF TRUTH: it can be edited by hand or provisioned, and
 * it outlives deleting the cache. The `sources` table mirrors it (config JSON, never secrets) so the ledger's
 * loads.source_id has a row to reference and a copied cache still says where its pulls came from. Every change
 * writes the file first, then the table; opening brings the table in line with the file. Order in the file is the
 * order in which "fetch this trace from whichever source has it" asks the sources.
 */
export class SourceStore {
  readonly path: string;

  constructor(
    private readonly db: Db,
    private readonly writeDb: Db,
    private readonly writes: WriteQueue,
    readonly secrets: SecretStore,
    databasePath: string,
  ) {
    this.path = join(dirname(databasePath), SOURCES_FILE);
  }

  /** The configs in file order, each with its table id (syncing first if the file was edited by hand). */
  async all(): Promise<StoredSource[]> {
    const configs = await this.readFile();
    const table = this.tableConfigs();
    const stale = configs.length !== table.size || configs.some((c) => table.get(c.name) !== JSON.stringify(c));
    if (stale) await this.sync(configs);
    return configs.map((config) => ({ id: this.idOf(config.name)!, config }));
  }

  async get(name: string): Promise<StoredSource | null> {
    return (await this.all()).find((s) => s.config.name === name) ?? null;
  }

  async list(): Promise<SourceInfo[]> {
    const sources = await this.all();
    return Promise.all(sources.map((s) => this.info(s)));
  }

  async info(source: StoredSource): Promise<SourceInfo> {
    const secrets = await this.secrets.get(source.config.name);
    const stored = storedSecretNames(secrets);
    const created = this.db.prepare('SELECT created_at FROM sources WHERE id = ?').get(source.id) as { created_at: number } | undefined;
    return {
      id: source.id,
      config: source.config,
      secretsStored: stored,
      secretsMissing: missingSecrets(source.config, secrets),
      warnings: sourceWarnings(source.config),
      createdAt: created?.created_at ?? 0,
    };
  }

  /**
   * Adds or replaces a source. Secrets given are merged over those stored (so a form can change only the token);
   * secrets the auth type does not use are dropped.
   */
  async save(input: SourceConfigInput, secrets?: SourceSecrets): Promise<SourceInfo> {
    const result = sourceConfig.safeParse(input);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`source ${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'}`);
    }
    const config = result.data;
    const configs = await this.readFile();
    const at = configs.findIndex((c) => c.name === config.name);
    if (at >= 0) configs[at] = config;
    else configs.push(config);
    const previous = (await this.secrets.get(config.name)) ?? {};
    const merged = secretsFor(config, {
      ...previous,
      ...secrets,
      headers: { ...previous.headers, ...secrets?.headers },
    });
    await this.secrets.set(config.name, merged);
    await this.writeFile(configs);
    await this.sync(configs);
    return this.info({ id: this.idOf(config.name)!, config });
  }

  /** Removes the source, its secrets, and its link from past pulls (their rows stay in the cache). */
  async remove(name: string): Promise<boolean> {
    const configs = await this.readFile();
    const kept = configs.filter((c) => c.name !== name);
    if (kept.length === configs.length) return false;
    await this.writeFile(kept);
    await this.secrets.delete(name);
    await this.sync(kept);
    return true;
  }

  /** The table follows the file: upsert every config, drop rows for sources no longer in it. */
  private sync(configs: SourceConfig[]): Promise<void> {
    return this.writes.run(() => {
      const db = this.writeDb;
      const upsert = db.prepare(
        `INSERT INTO sources (name, kind, config, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, config = excluded.config`,
      );
      db.transaction(() => {
        for (const c of configs) upsert.run(c.name, c.kind, JSON.stringify(c), Date.now());
        const names = new Set(configs.map((c) => c.name));
        const rows = db.prepare('SELECT id, name FROM sources').all() as { id: number; name: string }[];
        for (const row of rows.filter((r) => !names.has(r.name))) {
          // Past pulls stay in the cache; they no longer answer questions asked of a source of that name.
          db.prepare('UPDATE loads SET source_id = NULL WHERE source_id = ?').run(row.id);
          db.prepare('DELETE FROM sources WHERE id = ?').run(row.id);
        }
      })();
    });
  }

  private tableConfigs(): Map<string, string> {
    const rows = this.db.prepare('SELECT name, config FROM sources').all() as { name: string; config: string }[];
    return new Map(rows.map((r) => [r.name, r.config]));
  }

  private idOf(name: string): number | null {
    const row = this.db.prepare('SELECT id FROM sources WHERE name = ?').get(name) as { id: number } | undefined;
    return row?.id ?? null;
  }

  private async readFile(): Promise<SourceConfig[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.path} is not valid JSON: ${(error as Error).message}`);
    }
    const file = sourcesFile.safeParse(parsed);
    if (!file.success) throw new Error(`${this.path}: expected {"version": 1, "sources": [...]}`);
    const seen = new Set<string>();
    return file.data.sources.map((raw, i) => {
      const result = sourceConfig.safeParse(raw);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new Error(`${this.path}: sources[${i}].${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
      }
      if (seen.has(result.data.name)) throw new Error(`${this.path}: sources[${i}].name: "${result.data.name}" is used twice`);
      seen.add(result.data.name);
      return result.data;
    });
  }

  private async writeFile(configs: SourceConfig[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify({ version: 1, sources: configs }, null, 2)}\n`);
    await rename(temp, this.path);
  }
}

function storedSecretNames(secrets: SourceSecrets | null): string[] {
  if (secrets === null) return [];
  return [
    ...(secrets.token === undefined ? [] : ['token']),
    ...(secrets.password === undefined ? [] : ['password']),
    ...Object.keys(secrets.headers ?? {}).map((name) => `header ${name}`),
  ];
}
