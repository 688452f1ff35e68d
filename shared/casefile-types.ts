import type { NsTime } from './model.js';
import type { WorkbenchState } from './view-state.js';

/** What a casefile step was: a view change, a load (with the question asked), a search, an omnibox jump. */
export type StepKind = 'view' | 'import' | 'pull' | 'search' | 'omnibox';

/** One step of the journal. Wall-clock times are ms since the epoch; incident times stay ns (in `state`). */
export interface JournalStep {
  id: number;
  /** The step a reviewer branched off from; null for the original line of steps. */
  parentId: number | null;
  at: number;
  author: string;
  kind: StepKind;
  /** The workbench after the step: replay restores exactly this. */
  state: WorkbenchState;
  /** What was asked and seen: a pull's source, kind and query (never credentials), a search's text, rows shown. */
  detail: Record<string, unknown>;
}

export type NoteTargetKind = 'casefile' | 'step' | 'trace' | 'span' | 'log' | 'service';

export interface CasefileNote {
  id: number;
  createdAt: number;
  updatedAt: number;
  author: string;
  target: { kind: NoteTargetKind; id: string | null };
  /** Markdown, shown as text (never as HTML). */
  body: string;
}

export interface CasefilePin {
  id: number;
  createdAt: number;
  author: string;
  label: string;
  kind: 'trace' | 'span' | 'log' | 'service' | 'graph' | 'chart';
  /** Where the evidence is: trace/span ids, a log id, a service name, a window. */
  ref: Record<string, string>;
  stepId: number | null;
}

export interface Conclusion {
  summary: string;
  rootCause: string;
  impact: string;
  followUps: string;
  author: string;
  updatedAt: number;
}

export interface JournalContent {
  steps: JournalStep[];
  notes: CasefileNote[];
  pins: CasefilePin[];
  conclusion: Conclusion | null;
}

export interface SourceDescription {
  name: string;
  kind: string;
  url: string;
}

/** `casefile case info --json`: what a casefile is and holds. Stable for scripts. */
export interface CasefileInfo {
  file: string;
  bytes: number;
  formatVersion: string;
  title: string;
  author: string;
  createdAt: number;
  updatedAt: number;
  evidence: 'looked-at' | 'all-in-window';
  counts: { traces: number; spans: number; logs: number; steps: number; notes: number; pins: number };
  windows: { startNs: NsTime; endNs: NsTime }[];
  sources: SourceDescription[];
}
