import { describe, expect, it } from 'vitest';
import { isErrorLevel, severityLevel } from './severity.js';

describe('severityLevel', () => {
  it('maps OpenTelemetry severity numbers to bands', () => {
    expect(severityLevel(1, '')).toBe('trace');
    expect(severityLevel(9, 'whatever')).toBe('info');
    expect(severityLevel(13, '')).toBe('warn');
    expect(severityLevel(17, '')).toBe('error');
    expect(severityLevel(24, '')).toBe('fatal');
  });

  it('falls back to the text when the number is unset', () => {
    expect(severityLevel(0, 'ERROR')).toBe('error');
    expect(severityLevel(0, ' Warning ')).toBe('warn');
    expect(severityLevel(0, 'chatty')).toBe('unset');
  });

  it('treats error and fatal as errors', () => {
    expect(isErrorLevel('error')).toBe(true);
    expect(isErrorLevel('fatal')).toBe(true);
    expect(isErrorLevel('warn')).toBe(false);
  });
});
