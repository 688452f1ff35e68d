import type { SourceTestResult } from '../../../../shared/source-pulls.js';
import type { SourceKind } from '../../../../shared/sources.js';
import { KIND_INFO } from './source-kinds.js';

/**
 * The one-line verdict over a Test connection: what failed, in the words an on-call engineer would use ("wrong base
 * path?", "not a Jaeger API"). The failed step's full detail is shown under it.
 */
export function testVerdict(result: SourceTestResult, kind: SourceKind): string {
  const failed = result.stages.find((stage) => !stage.ok);
  if (failed === undefined) return 'Connected: every step succeeded.';
  const detail = failed.detail;
  switch (failed.stage) {
    case 'config':
      return `The configuration is incomplete: ${detail}`;
    case 'dns':
      return 'DNS: the host name does not resolve.';
    case 'connect':
      if (/refused/i.test(detail)) return 'Connection refused: nothing listens on that host and port.';
      if (/within \d+ ms|timed out|ETIMEDOUT/i.test(detail)) return 'Connection timed out: the host does not answer (firewall or VPN?).';
      return 'The connection failed.';
    case 'tls':
      return 'TLS failed: the certificate is not trusted or the handshake broke.';
    case 'auth':
      if (/\b403\b/.test(detail)) return 'Forbidden (403): the credentials are not allowed to do this.';
      if (/\b401\b/.test(detail)) return 'Unauthorized (401): the source refused the credentials.';
      return 'Authentication failed.';
    case 'api':
      if (/\b404\b/.test(detail)) return 'Not found (404): wrong base path?';
      if (/\b(429)\b/.test(detail)) return 'Rate limited (429).';
      if (/\b5\d\d\b/.test(detail)) return 'The source answered with a server error.';
      if (/timed? ?out|within \d+ ms/i.test(detail)) return 'The source did not answer in time.';
      return `This does not look like a ${KIND_INFO[kind].label} API.`;
  }
}
