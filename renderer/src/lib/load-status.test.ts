import { describe, expect, it } from 'vitest';
import type { LoadRecord } from '../../../shared/api-types.js';
import { loadStatusClass, loadStatusText } from './load-status.js';

const load = (over: Partial<LoadRecord>): LoadRecord => ({
  id: 1,
  kind: 'import',
  target: '/data/big.json',
  format: null,
  startedAt: 0,
  finishedAt: null,
  bytes: 0,
  spansSeen: 0,
  spansAdded: 0,
  logsSeen: 0,
  logsAdded: 0,
  dependencyEdges: 0,
  aggregateSeries: 0,
  status: 'done',
  error: null,
  interruptedAt: null,
  ...over,
});

describe('the Loaded list', () => {
  it('says an interrupted import is to be done again, and a killed receive session what it kept', () => {
    expect(loadStatusText(load({ status: 'interrupted', interruptedAt: 5 }))).toBe('interrupted: import the file again to finish');
    expect(loadStatusText(load({ kind: 'receive', status: 'interrupted', spansAdded: 1200, logsAdded: 3 }))).toBe('interrupted · 1,200 spans · 3 logs');
    expect(loadStatusClass('interrupted')).toBe('text-warn');
  });

  it('keeps the other states as they were', () => {
    expect(loadStatusText(load({ status: 'running' }))).toBe('loading…');
    expect(loadStatusText(load({ spansAdded: 3, logsAdded: 0 }))).toBe('3 spans · 0 logs');
    expect(loadStatusText(load({ kind: 'pull', dependencyEdges: 1 }))).toBe('1 dependency edge');
    expect(loadStatusClass('failed')).toBe('text-error');
    expect(loadStatusClass('done')).toBeUndefined();
  });
});
