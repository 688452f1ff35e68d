import { isAppUrl } from './app-protocol.js';

/** Links the app may hand to the system browser: web pages only, never file:, javascript: or custom schemes. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Every permission is refused (camera, notifications, geolocation, ...) except writing to the clipboard from our own
 * page, which "copy trace id" needs and which exposes nothing.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}
