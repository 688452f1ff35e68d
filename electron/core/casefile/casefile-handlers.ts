import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { casefileCalls } from '../../../shared/contract/casefile-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import type { WorkbenchState } from '../../../shared/view-state.js';
import { CASEFILE_EXTENSION, CasefileError } from './casefile-format.js';
import type { Investigation } from './investigation.js';

export interface CasefileHandlerOptions {
  mode: 'electron' | 'web';
  /** Browser mode saves here (the download's source); Electron saves where the user chose. */
  downloadDir: string;
}

/** The casefile calls (shared/contract/casefile-calls.ts), over the investigation in progress. */
export function casefileHandlers(investigation: Investigation, options: CasefileHandlerOptions): Handlers<typeof casefileCalls> {
  const failing = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof CasefileError) throw new ApiError('invalid-input', error.message);
      throw error;
    }
  };
  return {
    casefileStatus: () => investigation.status(),
    recordStep: (input) => investigation.recordStep({ ...input, state: input.state as WorkbenchState }),
    journal: () => investigation.content(),
    setInvestigation: (input) => {
      investigation.store().setMeta(input);
      return investigation.status();
    },
    addNote: (input) => investigation.store().addNote({ ...input, author: investigation.store().meta().author }),
    updateNote: (input) => {
      if (!investigation.store().updateNote(input.id, input.body)) throw new ApiError('not-found', `no note ${input.id}`);
      return investigation.content().notes;
    },
    deleteNote: (input) => {
      if (!investigation.store().deleteNote(input.id)) throw new ApiError('not-found', `no note ${input.id}`);
      return investigation.content().notes;
    },
    addPin: (input) => investigation.store().addPin({ ...input, author: investigation.store().meta().author }),
    setConclusion: (input) => investigation.store().setConclusion({ ...input, author: investigation.store().meta().author }),
    casefileSizes: () => investigation.sizes(),
    saveCasefile: (input) =>
      failing(() => {
        let file = input.file;
        let downloadName: string | null = null;
        if (options.mode === 'web') {
          // The page cannot name a path on this machine: the file goes to the download folder and the page fetches it.
          mkdirSync(options.downloadDir, { recursive: true });
          downloadName = `${safeName(investigation.status().title)}${CASEFILE_EXTENSION}`;
          file = join(options.downloadDir, downloadName);
        } else if (file !== undefined && !file.toLowerCase().endsWith(CASEFILE_EXTENSION)) {
          file = `${file}${CASEFILE_EXTENSION}`;
        } else if (file === undefined && investigation.status().savedAs === null) {
          // Electron without a chosen file (the first Ctrl+S): the app's casefiles folder, named after the title.
          mkdirSync(options.downloadDir, { recursive: true });
          file = join(options.downloadDir, `${safeName(investigation.status().title)}${CASEFILE_EXTENSION}`);
        }
        return { ...investigation.save(file, input.evidence === 'all-in-window'), downloadName };
      }),
    openCasefile: (input) => failing(() => investigation.open(input.file)),
    mergeCasefile: (input) =>
      failing(() => {
        // Beside the casefiles Casefile saves (the download folder in browser mode), named after the open one.
        mkdirSync(options.downloadDir, { recursive: true });
        const downloadName = `${safeName(investigation.status().title)}-merged${CASEFILE_EXTENSION}`;
        const file = uniqueFile(join(options.downloadDir, downloadName), investigation.openFile());
        const merged = investigation.merge(input.file, file);
        return { ...merged, file, downloadName: options.mode === 'web' ? basename(file) : null };
      }),
    closeCasefile: () => investigation.close(),
    recoverInvestigation: (input) => investigation.recover(input.recover),
    recentCasefiles: () => investigation.recent.list(),
  };
}

/** `file`, or `name-2.casefile`… when it is the casefile open now (a merge must not write over what it reads). */
function uniqueFile(file: string, open: string | null): string {
  if (open === null || resolve(open) !== resolve(file)) return file;
  for (let n = 2; ; n++) {
    const next = file.replace(/\.casefile$/i, `-${n}.casefile`);
    if (resolve(open) !== resolve(next)) return next;
  }
}

/** A title as a portable file name. */
export function safeName(title: string): string {
  const clean = title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80);
  return clean === '' ? 'investigation' : clean;
}
