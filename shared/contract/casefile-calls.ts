import { z } from 'zod';
import type { CasefileInfo, CasefileNote, CasefilePin, Conclusion, JournalContent, JournalStep } from '../casefile-types.js';
import { call } from '../contract-kit.js';

/** The investigation in progress and where its evidence comes from. */
export interface CasefileStatus {
  title: string;
  author: string;
  /** Where it was last saved; null while untitled. */
  savedAs: string | null;
  /** Steps, notes or pins recorded since the last save. */
  unsaved: boolean;
  counts: { steps: number; notes: number; pins: number };
  /**
   * 'cache': the live cache; 'casefile': every view answers from the casefile alone (offline evidence), `indexing`
   * while its search indexes are still being built (searches wait for them).
   */
  evidence: { kind: 'cache' } | { kind: 'casefile'; info: CasefileInfo; indexing: boolean };
  /** An investigation left by an earlier run that was never saved or closed (a crash): offered for recovery. */
  recoverable: { title: string; steps: number; notes: number; pins: number; updatedAt: number } | null;
}

export interface EvidenceSizes {
  lookedAt: { traces: number; spans: number; logs: number; bytes: number };
  allInWindow: { traces: number; spans: number; logs: number; bytes: number };
}

export interface SavedCasefile {
  file: string;
  bytes: number;
  traces: number;
  spans: number;
  logs: number;
  /** Browser mode: the name to download it by (GET is not offered; the renderer fetches it with its token). */
  downloadName: string | null;
}

export interface MergedCasefile {
  status: CasefileStatus;
  file: string;
  added: { spans: number; logs: number; steps: number; notes: number; pins: number };
  downloadName: string | null;
}

const workbenchState = z.object({
  view: z.looseObject({ view: z.enum(['graph', 'traces', 'trace', 'logs', 'charts', 'sources', 'slos']) }),
  time: z.union([
    z.object({ kind: z.literal('all') }),
    z.object({ kind: z.literal('relative'), lastMs: z.number().int().min(1) }),
    z.object({ kind: z.literal('absolute'), startNs: z.string().regex(/^\d{1,19}$/), endNs: z.string().regex(/^\d{1,19}$/) }),
  ]),
  timeZone: z.enum(['utc', 'local']),
});

const text = (max: number) => z.string().max(max);
const noteTarget = z.object({
  kind: z.enum(['casefile', 'step', 'trace', 'span', 'log', 'service']),
  id: z.string().min(1).max(1024).nullable(),
});
const filePath = z.string().min(1).max(4096);

/** Casefiles: the journal of the investigation, notes, pins, conclusion, save/open/close and recent files. */
export const casefileCalls = {
  casefileStatus: call(z.object({})).returns<CasefileStatus>(),

  /** A step of the investigation: the renderer records view changes, searches and omnibox jumps (the core records imports and pulls). */
  recordStep: call(
    z.object({
      kind: z.enum(['view', 'search', 'omnibox']),
      state: workbenchState,
      detail: z.record(z.string(), z.union([z.string().max(4096), z.number(), z.boolean()])).default({}),
      /** A reviewer branching off a replayed step. */
      parentId: z.number().int().min(1).nullable().default(null),
    }),
  ).returns<JournalStep>(),

  journal: call(z.object({})).returns<JournalContent>(),

  setInvestigation: call(z.object({ title: text(200).min(1).optional(), author: text(100).min(1).optional() })).returns<CasefileStatus>(),

  addNote: call(z.object({ target: noteTarget, body: text(100_000).min(1) })).returns<CasefileNote>(),
  updateNote: call(z.object({ id: z.number().int().min(1), body: text(100_000).min(1) })).returns<CasefileNote[]>(),
  deleteNote: call(z.object({ id: z.number().int().min(1) })).returns<CasefileNote[]>(),

  addPin: call(
    z.object({
      label: text(200).min(1),
      kind: z.enum(['trace', 'span', 'log', 'service', 'graph', 'chart']),
      ref: z.record(z.string(), z.string().max(1024)),
      stepId: z.number().int().min(1).nullable().default(null),
    }),
  ).returns<CasefilePin>(),

  setConclusion: call(
    z.object({ summary: text(100_000), rootCause: text(100_000), impact: text(100_000), followUps: text(100_000) }),
  ).returns<Conclusion>(),

  /** How big the casefile would be: "what I looked at" (default) or "everything in the investigated windows". */
  casefileSizes: call(z.object({})).returns<EvidenceSizes>(),

  /** Save (to the last file), or Save As (`file` given). Browser mode ignores `file` and offers a download. */
  saveCasefile: call(z.object({ file: filePath.optional(), evidence: z.enum(['looked-at', 'all-in-window']).default('looked-at') })).returns<SavedCasefile>(),

  /** Opens a casefile: every view then answers from it alone. Its journal becomes the investigation to replay. */
  openCasefile: call(z.object({ file: filePath })).returns<CasefileStatus>(),

  /**
   * With a casefile open: merges another casefile of the same incident into a new one (the union of the evidence, both
   * journals under their authors; neither file changes) and opens it. Browser mode also offers the result as a download.
   */
  mergeCasefile: call(z.object({ file: filePath })).returns<MergedCasefile>(),

  /** Back to the cache, with a new untitled investigation. */
  closeCasefile: call(z.object({})).returns<CasefileStatus>(),

  /** Recover the investigation an earlier run left (true) or discard it (false). */
  recoverInvestigation: call(z.object({ recover: z.boolean() })).returns<CasefileStatus>(),

  recentCasefiles: call(z.object({})).returns<{ file: string; title: string; openedAt: number }[]>(),
};

