import { useCallback, useState } from 'react';
import { useApiClient } from '../api/ApiClientContext.js';
import { importFile } from '../api/upload.js';

/** One file the user asked to import: a server-side job once started, or the reason it could not be started. */
export interface ImportEntry {
  key: string;
  fileName: string;
  jobId: string | null;
  startError: string | null;
}

let nextKey = 0;

/**
 * UI state of the import panel: which files were handed over and their job ids. Progress itself is server data and
 * is polled through importJobQuery.
 */
export function useImportQueue() {
  const client = useApiClient();
  const [entries, setEntries] = useState<ImportEntry[]>([]);

  const startImport = useCallback(
    async (files: readonly File[]) => {
      // Files go one request each, so one unreadable file fails alone and names itself.
      await Promise.all(
        files.map(async (file) => {
          try {
            const jobs = await importFile(client, file);
            const started = jobs.map((job) => ({ key: `import-${nextKey++}`, fileName: job.file, jobId: job.id, startError: null }));
            setEntries((current) => [...started, ...current]);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            const failed = { key: `import-${nextKey++}`, fileName: file.name, jobId: null, startError: message };
            setEntries((current) => [failed, ...current]);
          }
        }),
      );
    },
    [client],
  );

  const dismiss = useCallback((key: string) => setEntries((current) => current.filter((entry) => entry.key !== key)), []);
  const clear = useCallback(() => setEntries([]), []);

  return { entries, startImport, dismiss, clear };
}
