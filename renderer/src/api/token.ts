import { TOKEN_PARAM } from '../../../shared/web-bridge.js';

const STORAGE_KEY = 'casefile.apiToken';

/**
 * The browser-mode API token. The server prints a URL carrying `?token=`; on first load it moves into sessionStorage
 * (so a reload keeps working, but it dies with the tab) and leaves the address bar, where it would end up in
 * screenshots, history and shared links.
 */
export function apiToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl !== null) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete(TOKEN_PARAM);
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(STORAGE_KEY);
}
