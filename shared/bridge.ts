import type { Reply } from './contract-kit.js';
import type { Api } from './contract.js';

/**
 * What the Electron preload exposes as `window.api`: one named function per call in the table, each returning the
 * Reply envelope, plus `pathForFile` so dropped or picked files can be imported by their real path. Typed here so the
 * renderer can declare `window.api` without importing anything from electron/.
 */
export type Bridge = { [K in keyof Api]: (input: unknown) => Promise<Reply> } & { pathForFile(file: unknown): string };

/** IPC channel of a call; the preload invokes it and the main process handles it. */
export function ipcChannel(name: string): string {
  return `casefile:${name}`;
}
