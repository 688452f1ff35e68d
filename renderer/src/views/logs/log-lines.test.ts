import { describe, expect, it } from 'vitest';
import { firstLine, nearEnd, visibleRows } from './log-lines.js';

describe('visibleRows', () => {
  it('draws the rows in view plus the overscan on either side, clipped to the list', () => {
    expect(visibleRows(0, 280, 28, 10_000, 5)).toEqual({ first: 0, last: 15 });
    expect(visibleRows(28_000, 280, 28, 10_000, 5)).toEqual({ first: 995, last: 1015 });
    expect(visibleRows(279_700, 280, 28, 10_000, 5)).toEqual({ first: 9984, last: 9999 });
  });

  it('draws nothing for an empty list', () => {
    const range = visibleRows(0, 500, 28, 0);
    expect(range.last).toBeLessThan(range.first);
  });
});

describe('nearEnd', () => {
  it('asks for more when the drawn rows approach the last loaded one', () => {
    expect(nearEnd({ first: 100, last: 170 }, 200, 40)).toBe(true);
    expect(nearEnd({ first: 0, last: 40 }, 200, 40)).toBe(false);
  });
});

describe('firstLine', () => {
  it('finds the first non-blank line with its offsets in the body, and counts the lines after it', () => {
    const body = '\n  \r\nError: boom\r\n    at a (x.js:1)\n    at b (y.js:2)\n';
    const line = firstLine(body);
    expect(body.slice(line.start, line.end)).toBe('Error: boom');
    expect(line.moreLines).toBe(2);
  });

  it('handles a one-line body and an empty one', () => {
    expect(firstLine('ok')).toEqual({ start: 0, end: 2, moreLines: 0 });
    expect(firstLine('')).toEqual({ start: 0, end: 0, moreLines: 0 });
  });
});
