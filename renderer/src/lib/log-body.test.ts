import { describe, expect, it } from 'vitest';
import { summariseBody } from './log-body.js';

describe('summariseBody', () => {
  it('keeps a one-line body whole', () => {
    expect(summariseBody('payment declined')).toEqual({ firstLine: 'payment declined', hasMore: false });
  });

  it('collapses a stack trace to its first line', () => {
    const body = 'java.lang.IllegalStateException: cart empty\r\n\tat Cart.checkout(Cart.java:42)\n';
    expect(summariseBody(body)).toEqual({ firstLine: 'java.lang.IllegalStateException: cart empty', hasMore: true });
  });

  it('skips leading blank lines and ignores trailing ones', () => {
    expect(summariseBody('\n\n  boom\n\n')).toEqual({ firstLine: '  boom', hasMore: false });
    expect(summariseBody('')).toEqual({ firstLine: '', hasMore: false });
  });
});
