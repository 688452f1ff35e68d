import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceConfig, SourceKind, SourceSecrets } from '../../../shared/sources.js';
import type { ConnectorFactory, SourceConnector } from './connector.js';
import { SourceHttpClient, type HttpLimits } from './http-client.js';
import { jaegerConnector } from './jaeger.js';
import { lokiConnector } from './loki.js';
import { prometheusConnector } from './prometheus.js';
import { elasticsearchConnector, opensearchConnector } from './search-engine.js';
import { tempoConnector } from './tempo.js';
import { zipkinConnector } from './zipkin.js';
import { SourceError } from './source-error.js';

/** Every connector, by kind: one line each (see connector.ts, "How to add a connector"). */
const CONNECTORS: { [K in SourceKind]?: ConnectorFactory<K> } = {
  jaeger: jaegerConnector,
  tempo: tempoConnector,
  loki: lokiConnector,
  elasticsearch: elasticsearchConnector,
  opensearch: opensearchConnector,
  zipkin: zipkinConnector,
  prometheus: prometheusConnector,
};

export function hasConnector(kind: SourceKind): boolean {
  return CONNECTORS[kind] !== undefined;
}

/** A connector with its HTTP client and temp folder; `close` releases both. */
export interface OpenConnector {
  connector: SourceConnector;
  http: SourceHttpClient;
  close(): void;
}

export interface OpenConnectorOptions {
  limits?: Partial<HttpLimits>;
  onBytes?: (bytes: number) => void;
  onRequest?: () => void;
}

export function openConnector(config: SourceConfig, secrets: SourceSecrets | null, options: OpenConnectorOptions = {}): OpenConnector {
  const factory = CONNECTORS[config.kind] as ConnectorFactory | undefined;
  if (factory === undefined) throw new SourceError(config.name, 'config', null, `no connector for the kind "${config.kind}" in this build`);
  const http = new SourceHttpClient(config, secrets, options.limits, options.onBytes, options.onRequest);
  let dir: string | null = null;
  let files = 0;
  const connector = factory({
    config,
    http,
    tempFile(name) {
      dir ??= mkdtempSync(join(tmpdir(), 'casefile-pull-'));
      return join(dir, `${++files}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
    },
  });
  return {
    connector,
    http,
    close() {
      http.close();
      if (dir === null) return;
      // A body still downloading when its pull failed may hold its file open a moment longer (Windows refuses to
      // remove it meanwhile): retried, and never allowed to hide the pull's own outcome; the OS cleans its temp folder.
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      } catch {
        // Left in the temp folder.
      }
    },
  };
}
