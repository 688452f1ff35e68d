/**
 * The renderer page's Content Security Policy, sent by both the Electron app:// protocol and the browser-mode server.
 * Only our own bundled files run and only our own origin is reachable. `style-src 'unsafe-inline'` is kept because
 * ECharts builds its tooltips with inline style attributes; scripts stay strictly 'self'.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
