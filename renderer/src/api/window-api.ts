import type { Bridge } from '../../../shared/bridge.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the page runs in a browser against the web server. */
    api?: Bridge;
  }
}

/** The Electron bridge, or null in browser mode. */
export function electronBridge(): Bridge | null {
  return window.api ?? null;
}
