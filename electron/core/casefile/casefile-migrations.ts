import type { Migration } from '../db/migrations.js';

/**
 * The casefile's own tables, beside the cache's (a casefile also carries every cache migration, so every query of
 * the views reads it unchanged). Ids start at 1001: `migrate()` judges each list within its own thousand, so the
 * cache's list and this one are applied to one file without either calling the other's ids "newer".
 * Append-only and hashed, like the cache's.
 *
 * Times: wall-clock times (when a step was taken) are INTEGER milliseconds; incident times stay ns (NsTime).
 */
export const CASEFILE_MIGRATIONS: Migration[] = [
  {
    id: 1001,
    name: 'casefile',
    sql: `
-- One row: what this file is and who keeps it.
CREATE TABLE casefile_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  format_version TEXT NOT NULL,
  title TEXT NOT NULL,
  author TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- 'looked-at' (what the investigation looked at) or 'all-in-window' (everything in the investigated windows).
  evidence TEXT NOT NULL
);

-- The incident windows the investigation looked at (ns).
CREATE TABLE casefile_windows (
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  PRIMARY KEY (start_ns, end_ns)
) WITHOUT ROWID;

-- The journal: one row a step, in the order taken. A reviewer who branches off at a step writes their own steps
-- with parent_id pointing at it, under their own author name, so the original journal is never rewritten.
CREATE TABLE casefile_steps (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES casefile_steps(id),
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  -- view (a WorkbenchState change), import, pull, search, omnibox
  kind TEXT NOT NULL,
  -- The WorkbenchState after the step (JSON), so replay restores the view exactly.
  state TEXT NOT NULL,
  -- What the step asked and saw (JSON): a pull's source, kind and query (never credentials), rows shown, …
  detail TEXT NOT NULL DEFAULT '{}'
);

-- Markdown notes, on the casefile (target_kind 'casefile') or on a step, trace, span, log or service.
CREATE TABLE casefile_notes (
  id INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  author TEXT NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('casefile', 'step', 'trace', 'span', 'log', 'service')),
  target_id TEXT,
  body TEXT NOT NULL
);

-- Evidence pinned with a label: what it is (trace, span, log, service, graph, chart) and where (JSON reference).
CREATE TABLE casefile_pins (
  id INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  author TEXT NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  step_id INTEGER REFERENCES casefile_steps(id)
);

CREATE TABLE casefile_conclusion (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  summary TEXT NOT NULL DEFAULT '',
  root_cause TEXT NOT NULL DEFAULT '',
  impact TEXT NOT NULL DEFAULT '',
  follow_ups TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL DEFAULT 0
);

-- The sources the evidence came from, described (name, kind, URL without credentials): never a secret.
CREATE TABLE casefile_sources (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  url TEXT NOT NULL
) WITHOUT ROWID;
`,
  },
];
