import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { MIGRATIONS } from '../db/migrations.js';
import { migrate } from '../db/open-database.js';
import { importFile } from '../ingest/import-file.js';
import { ftsQuery, searchLogs } from './logs.js';

/** Log text search on the demo incident, whose ads service logs "leftoverSleep: sleeping 295 ms" 25 times. */
describe('log full-text search: word forms and prefixes (real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  const found = (text: string) => searchLogs(cache.db, { text, limit: 1000 }).logs;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
  });
  afterAll(() => cache.dispose());

  it('finds a word’s forms and, with a star, every word starting with it', () => {
    const sleeping = found('sleeping');
    expect(sleeping).toHaveLength(25);
    expect(sleeping.every((log) => log.body.includes('sleeping'))).toBe(true);
    expect(found('sleep').map((l) => l.id)).toEqual(sleeping.map((l) => l.id));
    expect(found('sleep*').map((l) => l.id)).toEqual(sleeping.map((l) => l.id));
    expect(found('SLEEPS')).toHaveLength(25);
  });

  it('carries an older cache over: its index is rebuilt to match word forms', () => {
    cache.db.exec(`
      DROP TRIGGER logs_fts_delete; DROP TABLE logs_fts;
      CREATE VIRTUAL TABLE logs_fts USING fts5(body, content='logs', content_rowid='id', tokenize='unicode61');
      CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
        INSERT INTO logs_fts(logs_fts, rowid, body) VALUES ('delete', old.id, old.body);
      END;
      INSERT INTO logs_fts(logs_fts) VALUES ('rebuild');
      DELETE FROM schema_migrations WHERE id = 15;`);
    expect(found('sleep')).toHaveLength(0);
    migrate(cache.db, MIGRATIONS);
    expect(found('sleep')).toHaveLength(25);
  });

  it.each(['"', '*', 'sleep**', '"sleep" OR', 'NEAR(a b)', 'a AND', '-x', 'x:y', '^sleep', '(', 'ünïcödé*', 'a*b*', `${'w'.repeat(300)}*`])(
    'never makes an FTS syntax error of what was typed: %j',
    (text) => {
      const match = ftsQuery(text);
      if (match === null) return;
      expect(() => cache.db.prepare('SELECT count(*) FROM logs_fts WHERE logs_fts MATCH ?').get(match)).not.toThrow();
    },
  );
});
