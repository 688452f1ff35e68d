import { useEffect, useRef } from 'react';
import type { SourceTestResult } from '../../../../shared/source-pulls.js';
import type { SourceKind } from '../../../../shared/sources.js';
import { TEST_STEPS } from './source-kinds.js';
import { testVerdict } from './test-verdict.js';

interface TestResultPanelProps {
  result: SourceTestResult | undefined;
  kind: SourceKind;
  pending: boolean;
  /** The call itself failed (the main process refused the config, or is unreachable). */
  error: unknown;
}

/**
 * Test connection, step by step: what each step checked and found, or exactly what failed. Steps after a failure did
 * not run and say so, so "DNS ok, connection refused" reads as it happened.
 */
export function TestResultPanel({ result, kind, pending, error }: TestResultPanelProps) {
  const panel = useRef<HTMLDivElement>(null);
  // The verdict may land below the fold (under a long form): bring it into view when it arrives.
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'nearest' });
  }, [result, error]);
  if (pending) {
    return (
      <div className="source-test" data-testid="source-test-result" data-status="pending" role="status">
        <span className="spinner" aria-hidden="true" /> Testing the connection…
      </div>
    );
  }
  if (error !== null && error !== undefined) {
    return (
      <div className="source-test source-test-failed" data-testid="source-test-result" data-status="error" role="alert" ref={panel}>
        <strong>The test could not run:</strong> {error instanceof Error ? error.message : String(error)}
      </div>
    );
  }
  if (result === undefined) return null;
  const ran = new Set(result.stages.map((stage) => stage.stage));
  return (
    <div className={result.ok ? 'source-test source-test-ok' : 'source-test source-test-failed'} data-testid="source-test-result" data-status={result.ok ? 'ok' : 'failed'} ref={panel}>
      <p className="source-test-headline" data-testid="source-test-headline">
        {testVerdict(result, kind)}
      </p>
      <ol className="source-test-stages">
        {TEST_STEPS.map(({ step, label }) => {
          const stage = result.stages.find((s) => s.stage === step);
          const state = stage === undefined ? 'skipped' : stage.ok ? 'ok' : 'failed';
          return (
            <li key={step} className={`source-test-stage stage-${state}`} data-testid="test-stage" data-stage={step} data-state={state}>
              <span className="stage-icon" aria-hidden="true">
                {state === 'ok' ? '✓' : state === 'failed' ? '✗' : '–'}
              </span>
              <span className="stage-label">{label}</span>
              <span className="stage-detail" data-testid="test-stage-detail">
                {stage?.detail ?? (step === 'tls' && (ran.has('auth') || ran.has('api')) ? 'plain http://: no TLS' : 'not run')}
              </span>
              {/* Always present: the stages are a four-column grid. */}
              <span className="stage-ms muted">{stage === undefined ? '' : `${stage.ms} ms`}</span>
            </li>
          );
        })}
      </ol>
      {result.warnings.map((warning) => (
        <p key={warning} className="source-warning" role="note">
          {warning}
        </p>
      ))}
    </div>
  );
}
