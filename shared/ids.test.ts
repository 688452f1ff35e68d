import { describe, expect, it } from 'vitest';
import { IdError, canonicalId, requiredId } from './ids.js';

describe('canonicalId', () => {
  it('lowercases and left-pads hex, so 64-bit and 128-bit forms of one trace id agree', () => {
    expect(canonicalId('5B8EFFF798038103D269B633813FC60C', 'trace')).toBe('5b8efff798038103d269b633813fc60c');
    expect(canonicalId('a1b2c3d4e5f60718', 'trace')).toBe('0000000000000000a1b2c3d4e5f60718');
    expect(canonicalId('2', 'span')).toBe('0000000000000002');
  });

  it('decodes base64 ids of 8 and 16 bytes as protobuf JSON producers write them', () => {
    expect(canonicalId('AAAAAAAAAAABI0VniavN7w==', 'trace')).toBe('00000000000000000123456789abcdef');
    expect(canonicalId('AAAAAAAAALQ=', 'span')).toBe('00000000000000b4');
    expect(canonicalId('W47/95gDgQPSabYzgT/GDA==', 'trace')).toBe('5b8efff798038103d269b633813fc60c');
  });

  it('maps opaque tokens to a stable digest, distinct per token', () => {
    const ids = ['span-X', 'span-A', 'span-B', 'span-C'].map((token) => canonicalId(token, 'span'));
    expect(new Set(ids).size).toBe(4);
    expect(ids.every((id) => /^[0-9a-f]{16}$/.test(id!))).toBe(true);
    expect(canonicalId('trace-123', 'trace')).toBe(canonicalId('trace-123', 'trace'));
    expect(canonicalId('trace-123', 'trace')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('treats empty and all-zero ids as absent', () => {
    expect(canonicalId('', 'span')).toBeNull();
    expect(canonicalId(undefined, 'span')).toBeNull();
    expect(canonicalId('0000000000000000', 'span')).toBeNull();
    expect(() => requiredId('', 'trace')).toThrow(IdError);
  });

  it('refuses non-strings, huge strings and control characters', () => {
    expect(() => canonicalId(12, 'trace')).toThrow(/must be a string/);
    expect(() => canonicalId('x'.repeat(500), 'trace')).toThrow(/500 chars/);
    expect(() => canonicalId('bad\nid', 'span')).toThrow(IdError);
  });
});
