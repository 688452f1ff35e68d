import type { LoadRecord } from '../../../../shared/api-types.js';
import type { SourceTestStep } from '../../../../shared/source-pulls.js';
import { LOG_KINDS, SOURCE_KINDS, type SourceKind } from '../../../../shared/sources.js';

/** How each kind is named and where its API usually listens, for the kind picker and the URL placeholder. */
export const KIND_INFO: Record<SourceKind, { label: string; url: string; holds: 'traces' | 'logs' | 'metrics' }> = {
  jaeger: { label: 'Jaeger', url: 'http://localhost:16686', holds: 'traces' },
  tempo: { label: 'Grafana Tempo', url: 'http://localhost:3200', holds: 'traces' },
  zipkin: { label: 'Zipkin', url: 'http://localhost:9411', holds: 'traces' },
  loki: { label: 'Grafana Loki', url: 'http://localhost:3100', holds: 'logs' },
  elasticsearch: { label: 'Elasticsearch', url: 'http://localhost:9200', holds: 'logs' },
  opensearch: { label: 'OpenSearch', url: 'http://localhost:9200', holds: 'logs' },
  prometheus: { label: 'Prometheus (span metrics)', url: 'http://localhost:9090', holds: 'metrics' },
};

/** Every kind in the config schema, so a kind added there shows up in the picker (KIND_INFO's type insists). */
export const KINDS: readonly SourceKind[] = SOURCE_KINDS;

export function holdsLogs(kind: SourceKind): boolean {
  return LOG_KINDS.includes(kind);
}

/** Test connection steps in the order they run; a failed one stops the rest. */
export const TEST_STEPS: readonly { step: SourceTestStep; label: string }[] = [
  { step: 'config', label: 'Configuration' },
  { step: 'dns', label: 'DNS' },
  { step: 'connect', label: 'TCP connection' },
  { step: 'tls', label: 'TLS handshake' },
  { step: 'auth', label: 'Authentication' },
  { step: 'api', label: 'API' },
];

/**
 * The newest pull of a source's searches in the load ledger. Search targets start with the source name
 * (electron/core/sources/pull-key.ts: "<source> traces {…}", "<source> logs {…}", "<source> dependencies {…}", "<source> aggregates {…}"); a
 * trace fetched by id is keyed by the trace alone, so it does not count here.
 */
export function lastPullOf(loads: readonly LoadRecord[], source: string): LoadRecord | null {
  const prefixes = [`${source} traces `, `${source} logs `, `${source} dependencies `, `${source} aggregates `];
  return loads.find((load) => load.kind === 'pull' && prefixes.some((prefix) => load.target.startsWith(prefix))) ?? null;
}

/** "3 min ago", for when something happened; exact times are in the title. */
export function ago(ms: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return seconds < 5 ? 'just now' : `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** A wall-clock time in the workbench zone, to the second: "2026-02-02 09:30:04 UTC". */
export function clockTime(ms: number, timeZone: 'utc' | 'local'): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (timeZone === 'utc') {
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`;
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
