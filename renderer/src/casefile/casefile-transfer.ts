import type { CasefileStatus, MergedCasefile, SavedCasefile } from '../../../shared/contract/casefile-calls.js';
import { ApiError } from '../../../shared/contract-kit.js';
import { DOWNLOAD_PATH, UPLOAD_MERGE_PARAM, UPLOAD_NAME_PARAM, UPLOAD_PATH } from '../../../shared/web-bridge.js';
import type { ApiClient } from '../api/client.js';
import { authHeaders } from '../api/http-transport.js';
import { readReply } from '../api/read-reply.js';
import { apiToken } from '../api/token.js';
import { electronBridge } from '../api/window-api.js';

/**
 * Opening a picked casefile: Electron passes its real path to the main process; a browser only has the bytes, so
 * they are uploaded and the server opens the uploaded copy (read-only).
 */
export async function openPickedCasefile(client: ApiClient, file: File): Promise<CasefileStatus> {
  const bridge = electronBridge();
  if (bridge) return client.openCasefile({ file: bridge.pathForFile(file) });
  return (await uploadCasefile(file, false)) as CasefileStatus;
}

/**
 * Merging a picked casefile into the one open (mergeCasefile); the merged file is opened, and in a browser also
 * downloaded, as a save is.
 */
export async function mergePickedCasefile(client: ApiClient, file: File): Promise<MergedCasefile> {
  const bridge = electronBridge();
  const merged = bridge ? await client.mergeCasefile({ file: bridge.pathForFile(file) }) : ((await uploadCasefile(file, true)) as MergedCasefile);
  if (merged.downloadName !== null) await downloadSaved({ file: merged.file, bytes: 0, traces: 0, spans: 0, logs: 0, downloadName: merged.downloadName });
  return merged;
}

async function uploadCasefile(file: File, merge: boolean): Promise<unknown> {
  const query = new URLSearchParams({ [UPLOAD_NAME_PARAM]: file.name.toLowerCase().endsWith('.casefile') ? file.name : `${file.name}.casefile` });
  if (merge) query.set(UPLOAD_MERGE_PARAM, '1');
  const response = await fetch(`${UPLOAD_PATH}?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...authHeaders(apiToken()) },
    body: file,
  });
  const reply = await readReply(response);
  if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
  return reply.value;
}

/** Browser mode: the saved casefile comes back as a download (the page cannot write to the disk itself). */
export async function downloadSaved(saved: SavedCasefile): Promise<void> {
  if (saved.downloadName === null) return;
  const query = new URLSearchParams({ [UPLOAD_NAME_PARAM]: saved.downloadName });
  const response = await fetch(`${DOWNLOAD_PATH}?${query}`, { method: 'POST', headers: authHeaders(apiToken()) });
  if (!response.ok) {
    const reply = await readReply(response);
    throw new ApiError('failed', reply.ok ? `HTTP ${response.status}` : reply.error.message);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = saved.downloadName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
