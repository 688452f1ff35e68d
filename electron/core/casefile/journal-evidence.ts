import type { JournalContent } from '../../../shared/casefile-types.js';
import type { Db } from '../db/open-database.js';
import type { EvidenceSelection, NsWindow } from './evidence-selection.js';

/**
 * "What I looked at", from the journal: every trace opened or listed, the logs shown, the windows whose graph or
 * charts were drawn (they need every span of the window), and what notes and pins point at. With `allInWindow`,
 * every visited window counts whole. A casefile being re-saved keeps all the evidence it had.
 */
export function evidenceOfJournal(journal: JournalContent, casefile: Db | null, allInWindow: boolean): EvidenceSelection {
  const traceIds = new Set<string>();
  const logIds = new Set<number>();
  const windows = new Map<string, NsWindow>();
  for (const step of journal.steps) {
    const view = step.state.view;
    if (view.view === 'trace') traceIds.add(view.traceId);
    for (const id of arrayOf(step.detail.traceIds)) if (typeof id === 'string') traceIds.add(id);
    for (const id of arrayOf(step.detail.logIds)) if (typeof id === 'number') logIds.add(id);
    const window = step.detail.window as NsWindow | null | undefined;
    const drawsWholeWindow = view.view === 'graph' || view.view === 'charts';
    if (window && (drawsWholeWindow || allInWindow)) windows.set(`${window.startNs}-${window.endNs}`, window);
  }
  for (const pin of journal.pins) {
    if (pin.ref.traceId) traceIds.add(pin.ref.traceId);
    if (pin.ref.logId && /^\d+$/.test(pin.ref.logId)) logIds.add(Number(pin.ref.logId));
  }
  for (const note of journal.notes) if (note.target.kind === 'trace' && note.target.id !== null) traceIds.add(note.target.id);
  if (casefile !== null) {
    for (const id of casefile.prepare('SELECT trace_id FROM traces').pluck().all() as string[]) traceIds.add(id);
    for (const id of casefile.prepare('SELECT id FROM logs').pluck().all() as number[]) logIds.add(id);
    const kept = casefile.prepare('SELECT start_ns, end_ns FROM casefile_windows').safeIntegers(true).all() as { start_ns: bigint; end_ns: bigint }[];
    for (const w of kept) windows.set(`${w.start_ns}-${w.end_ns}`, { startNs: w.start_ns.toString(), endNs: w.end_ns.toString() });
  }
  return { traceIds: [...traceIds], logIds: [...logIds], windows: [...windows.values()], allInWindow };
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
