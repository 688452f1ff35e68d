import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { ipcChannel, type Bridge } from '../../shared/bridge.js';
import { callNames, type Reply } from '../../shared/contract-kit.js';
import { api } from '../../shared/contract.js';

/**
 * Exposes `window.api`: one named function per call in the table, each forwarding exactly one argument to its own
 * channel. ipcRenderer itself never crosses the bridge, so the page cannot reach any other channel.
 */
const calls = Object.fromEntries(
  callNames(api).map((name) => {
    const channel = ipcChannel(name);
    return [name, (input: unknown): Promise<Reply> => ipcRenderer.invoke(channel, input) as Promise<Reply>];
  }),
);

/**
 * Sandboxed pages cannot see a dropped file's path; the preload can, so Electron imports read files in place.
 * No instanceof check here: a File crossing the context bridge need not be this world's File, and getPathForFile
 * throws on anything that is not one.
 */
function pathForFile(file: unknown): string {
  return webUtils.getPathForFile(file as File);
}

const bridge = { ...calls, pathForFile } as Bridge;

contextBridge.exposeInMainWorld('api', bridge);
