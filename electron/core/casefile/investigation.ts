import { userInfo } from 'node:os';
import type { CasefileInfo, JournalContent, JournalStep, StepKind } from '../../../shared/casefile-types.js';
import type { CasefileStatus, EvidenceSizes } from '../../../shared/contract/casefile-calls.js';
import type { WorkbenchState } from '../../../shared/view-state.js';
import { DEFAULT_STATE } from '../../../shared/view-state.js';
import type { Db } from '../db/open-database.js';
import { CasefileError } from './casefile-format.js';
import { casefileInfo } from './casefile-info.js';
import { selectedSize, selectEvidence, type EvidenceSelection, type NsWindow } from './evidence-selection.js';
import { JournalStore } from './journal-store.js';
import { readJournal } from './journal-rows.js';
import { openCasefileForViews, type OpenedCasefile } from './opened-casefile.js';
import { RecentCasefiles } from './recent-casefiles.js';
import { mergeCasefiles, type MergeResult } from './merge-casefiles.js';
import { saveCasefile, type SaveResult } from './save-casefile.js';
import { stepRows } from './step-evidence.js';
import { evidenceOfJournal } from './journal-evidence.js';
import type { ViewHandlers } from './view-handlers.js';

/** Where the evidence of the investigation comes from: the live cache, or an opened casefile (read-only). */
/** An opened casefile never changes, so what it holds is counted once, not on every status (polled while it indexes). */
type Evidence = { kind: 'cache' } | { kind: 'casefile'; opened: OpenedCasefile; handlers: ViewHandlers; info: CasefileInfo };

export interface InvestigationOptions {
  cachePath: string;
  cacheDb: Db;
  cacheHandlers: ViewHandlers;
  /** The handlers over an opened casefile (the same queries, read-only). */
  handlersFor(opened: OpenedCasefile): ViewHandlers;
  /** Where an opened casefile's working copy is indexed (opened-casefile.ts). */
  workFolder: string;
  journalPath: string;
  recentPath: string;
}

/**
 * The investigation in progress: its journal (autosaved as it goes), the evidence every view answers from, and
 * save / open / close. Opening a casefile swaps the evidence for the file's and starts its journal as this one, so
 * a reviewer replays it and can branch off; closing goes back to the cache with a new untitled investigation.
 */
export class Investigation {
  private evidence: Evidence = { kind: 'cache' };
  private journalStore: JournalStore | null = null;
  private savedAs: string | null = null;
  private savedAtUpdate = 0;
  private recoverable: CasefileStatus['recoverable'];
  private lastState: WorkbenchState = DEFAULT_STATE;
  readonly recent: RecentCasefiles;

  constructor(private readonly options: InvestigationOptions) {
    this.recoverable = JournalStore.leftOver(options.journalPath);
    this.recent = new RecentCasefiles(options.recentPath);
  }

  /** The journal file is created on the first thing recorded, so reading a casefile from the CLI writes nothing. */
  private journal(): JournalStore {
    if (this.journalStore === null) {
      this.journalStore = new JournalStore(this.options.journalPath);
      if (this.recoverable === null) this.journalStore.reset('Untitled investigation', defaultAuthor());
    }
    return this.journalStore;
  }

  viewHandlers(): ViewHandlers {
    return this.evidence.kind === 'casefile' ? this.evidence.handlers : this.options.cacheHandlers;
  }

  private evidenceDb(): Db {
    return this.evidence.kind === 'casefile' ? this.evidence.opened.db : this.options.cacheDb;
  }

  private evidencePath(): string {
    return this.evidence.kind === 'casefile' ? this.evidence.opened.path : this.options.cachePath;
  }

  status(): CasefileStatus {
    const store = this.journalStore;
    const meta = store?.meta() ?? { title: 'Untitled investigation', author: defaultAuthor(), updatedAt: 0, createdAt: 0 };
    const content = store?.content() ?? { steps: [], notes: [], pins: [], conclusion: null };
    return {
      title: meta.title,
      author: meta.author,
      savedAs: this.savedAs,
      unsaved: meta.updatedAt > this.savedAtUpdate && content.steps.length + content.notes.length + content.pins.length > 0,
      counts: { steps: content.steps.length, notes: content.notes.length, pins: content.pins.length },
      evidence:
        this.evidence.kind === 'casefile'
          ? { kind: 'casefile', info: this.evidence.info, indexing: this.evidence.opened.indexing() }
          : { kind: 'cache' },
      recoverable: this.recoverable,
    };
  }

  content(): JournalContent {
    return this.journalStore?.content() ?? { steps: [], notes: [], pins: [], conclusion: null };
  }

  store(): JournalStore {
    if (this.recoverable !== null) this.recover(true);
    return this.journal();
  }

  /** Records a step with the rows its view shows (worked out here, from the evidence the view reads). */
  async recordStep(step: { kind: StepKind; state?: WorkbenchState; detail: Record<string, unknown>; parentId?: number | null }): Promise<JournalStep> {
    const state = step.state ?? this.lastState;
    this.lastState = state;
    const rows = step.kind === 'view' || step.kind === 'omnibox' || step.kind === 'search' ? await stepRows(this.viewHandlers(), state, this.bounds(), Date.now()) : null;
    const store = this.store();
    return store.recordStep({
      kind: step.kind,
      state,
      detail: rows === null ? step.detail : { ...step.detail, ...rows },
      author: store.meta().author,
      parentId: step.parentId ?? null,
    });
  }

  /** The evidence's whole time span: what "all time" meant when a step was taken. */
  private bounds(): NsWindow | null {
    const row = this.evidenceDb()
      .prepare(
        `SELECT min(s) AS s, max(e) AS e FROM (
           SELECT (SELECT min(start_ns) FROM traces) AS s, (SELECT max(end_ns) FROM traces) AS e
           UNION ALL SELECT (SELECT min(time_ns) FROM logs), (SELECT max(time_ns) FROM logs))`,
      )
      .safeIntegers(true)
      .get() as { s: bigint | null; e: bigint | null };
    return row.s === null || row.e === null ? null : { startNs: row.s.toString(), endNs: row.e.toString() };
  }

  private selection(allInWindow: boolean): EvidenceSelection {
    return evidenceOfJournal(this.content(), this.evidence.kind === 'casefile' ? this.evidenceDb() : null, allInWindow);
  }

  sizes(): EvidenceSizes {
    const db = this.evidenceDb();
    const size = (allInWindow: boolean) => {
      selectEvidence(db, 'main', this.selection(allInWindow));
      return selectedSize(db, 'main');
    };
    return { lookedAt: size(false), allInWindow: size(true) };
  }

  save(file: string | undefined, allInWindow: boolean): SaveResult {
    const target = file ?? this.savedAs;
    if (target === null || target === undefined) throw new Error('this investigation has not been saved yet: choose a file (Save As)');
    const store = this.store();
    const meta = store.meta();
    const result = saveCasefile(this.evidencePath(), target, this.selection(allInWindow), {
      title: meta.title,
      author: meta.author,
      createdAt: meta.createdAt,
      journal: store.content(),
    });
    this.savedAs = target;
    this.savedAtUpdate = store.meta().updatedAt;
    this.recent.add(target, meta.title);
    return result;
  }

  open(file: string): CasefileStatus {
    const opened = openCasefileForViews(file, this.options.workFolder);
    const handlers = this.options.handlersFor(opened);
    const db = opened.db;
    let info: CasefileInfo;
    try {
      info = casefileInfo(db, file);
    } catch (error) {
      opened.close();
      throw error;
    }
    this.closeEvidence();
    this.evidence = { kind: 'casefile', opened, handlers, info };
    this.recoverable = null;
    this.journal().reset(info.title, defaultAuthor(), readJournal(db));
    this.savedAs = null;
    this.savedAtUpdate = this.journal().meta().updatedAt;
    this.recent.add(file, info.title);
    return this.status();
  }

  /** The open casefile and `other` merged into `out` (merge-casefiles.ts), which is then opened in its place. */
  merge(other: string, out: string): { status: CasefileStatus; added: MergeResult['added'] } {
    if (this.evidence.kind !== 'casefile') throw new CasefileError(other, 'can be merged only into an open casefile: open the first casefile, then this one');
    const result = mergeCasefiles(this.evidence.opened.file, other, out);
    return { status: this.open(result.file), added: result.added };
  }

  /** The file of the open casefile; null on the cache. */
  openFile(): string | null {
    return this.evidence.kind === 'casefile' ? this.evidence.opened.file : null;
  }

  close(): CasefileStatus {
    this.closeEvidence();
    this.evidence = { kind: 'cache' };
    this.recoverable = null;
    this.journal().reset('Untitled investigation', defaultAuthor());
    this.savedAs = null;
    this.savedAtUpdate = 0;
    return this.status();
  }

  recover(recover: boolean): CasefileStatus {
    if (this.recoverable === null) return this.status();
    // Opened while still marked recoverable, so the journal is kept as it is, not started afresh.
    const journal = this.journal();
    this.recoverable = null;
    if (!recover) journal.reset('Untitled investigation', defaultAuthor());
    return this.status();
  }

  private closeEvidence(): void {
    if (this.evidence.kind === 'casefile') this.evidence.opened.close();
  }

  shutdown(): void {
    this.closeEvidence();
    this.journalStore?.close();
  }
}

/** Who: the OS user name (editable in the investigation). */
export function defaultAuthor(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

