import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AUTH_SCHEME } from '../../shared/web-bridge.js';

/** The two names a loopback page may use for us; anything else in Host is a DNS-rebinding attempt. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function isAllowedHost(headers: IncomingHttpHeaders, port: number): boolean {
  return headers.host !== undefined && allowedHosts(port).includes(headers.host.toLowerCase());
}

/** Browsers send Origin on cross-origin requests; tools like curl send none, which the token still guards. */
export function isAllowedOrigin(headers: IncomingHttpHeaders, port: number): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  return allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`);
}

/** Hashing first gives equal-length buffers, so the comparison time says nothing about the token. */
export function hasBearerToken(headers: IncomingHttpHeaders, token: string): boolean {
  const header = headers.authorization;
  const prefix = `${AUTH_SCHEME} `;
  if (header === undefined || !header.startsWith(prefix)) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(header.slice(prefix.length)), digest(token));
}
