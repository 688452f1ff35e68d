import { describe, expect, it } from 'vitest';
import type { SourceTestResult, SourceTestStage } from '../../../../shared/source-pulls.js';
import { testVerdict } from './test-verdict.js';

const ok = (stage: SourceTestStage['stage']): SourceTestStage => ({ stage, ok: true, detail: '', ms: 1 });
const failing = (stage: SourceTestStage['stage'], detail: string): SourceTestResult => ({
  source: 's',
  ok: false,
  stages: [...(['config', 'dns', 'connect'] as const).filter((s) => s !== stage).map(ok), { stage, ok: false, detail, ms: 1 }],
  warnings: [],
});

describe('the verdict of a connection test', () => {
  it('says which step failed in plain words', () => {
    expect(testVerdict({ source: 's', ok: true, stages: [ok('config'), ok('api')], warnings: [] }, 'jaeger')).toBe('Connected: every step succeeded.');
    expect(testVerdict(failing('dns', 'DNS: the host name "x" could not be resolved (ENOTFOUND)'), 'jaeger')).toMatch(/^DNS/);
    expect(testVerdict(failing('connect', 'connection refused by 127.0.0.1:1'), 'jaeger')).toMatch(/^Connection refused/);
    expect(testVerdict(failing('tls', 'TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)'), 'tempo')).toMatch(/^TLS failed/);
    expect(testVerdict(failing('auth', 'source "s": GET /api/services: 401 Unauthorized: …'), 'jaeger')).toMatch(/^Unauthorized \(401\)/);
    expect(testVerdict(failing('auth', 'source "s": GET /api/services: 403 Forbidden: …'), 'jaeger')).toMatch(/^Forbidden \(403\)/);
    expect(testVerdict(failing('api', 'source "s": GET /x/api/services: 404 Not Found: nothing at this path'), 'jaeger')).toBe('Not found (404): wrong base path?');
    expect(testVerdict(failing('api', 'source "s": GET /api/services: answered with an HTML page "Sign in"'), 'loki')).toBe('This does not look like a Grafana Loki API.');
  });
});
