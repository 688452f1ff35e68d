import { describe, expect, it } from 'vitest';
import { highlightRanges, searchTokens, splitByRanges } from './text-highlight.js';

describe('searchTokens', () => {
  it('folds case and diacritics like the FTS5 unicode61 tokenizer and drops punctuation', () => {
    expect(searchTokens('  LeftoverSleep "Café"-déjà ')).toEqual(['leftoversleep', 'cafe', 'deja']);
    expect(searchTokens('!!!')).toEqual([]);
    expect(searchTokens('sleep* Pool')).toEqual(['sleep*', 'pool']);
  });
});

describe('highlightRanges', () => {
  it('marks whole words equal to a search token, whatever their case', () => {
    const body = 'leftoverSleep: sleeping 120 ms (LEFTOVERSLEEP again)';
    const ranges = highlightRanges(body, searchTokens('leftoversleep'));
    expect(ranges.map(([s, e]) => body.slice(s, e))).toEqual(['leftoverSleep', 'LEFTOVERSLEEP']);
  });

  it('marks the forms of a word, as the stemming index matched them, but not a word that only contains it', () => {
    const body = 'leftoverSleep: sleeping 120 ms; sleeps; asleep';
    expect(highlightRanges(body, searchTokens('sleep')).map(([s, e]) => body.slice(s, e))).toEqual(['sleeping', 'sleeps']);
  });

  it('marks every word starting with a prefix', () => {
    const body = 'sleepy sleeper asleep sleep_ms';
    expect(highlightRanges(body, searchTokens('sleep*')).map(([s, e]) => body.slice(s, e))).toEqual(['sleepy', 'sleeper', 'sleep']);
  });

  it('uses UTF-16 offsets around astral characters and accents', () => {
    const body = '😀 Café ok';
    const [range] = highlightRanges(body, ['cafe']);
    expect(range).toBeDefined();
    expect(body.slice(range![0], range![1])).toBe('Café');
  });

  it('stops at the range limit on huge bodies', () => {
    expect(highlightRanges('a '.repeat(1000), ['a'], 5)).toHaveLength(5);
  });
});

describe('splitByRanges', () => {
  it('alternates plain and marked text covering the whole string', () => {
    const segments = splitByRanges('hello big world', [[6, 9]]);
    expect(segments).toEqual([
      { text: 'hello ', marked: false },
      { text: 'big', marked: true },
      { text: ' world', marked: false },
    ]);
  });

  it('merges overlapping and touching ranges, sorts them and clips ranges past the end', () => {
    const segments = splitByRanges('abcdef', [
      [4, 99],
      [0, 2],
      [1, 3],
      [3, 4],
    ]);
    expect(segments).toEqual([{ text: 'abcdef', marked: true }]);
  });

  it('returns the text unmarked without ranges, and nothing for empty text', () => {
    expect(splitByRanges('plain <b>text</b>', [])).toEqual([{ text: 'plain <b>text</b>', marked: false }]);
    expect(splitByRanges('', [[0, 3]])).toEqual([]);
  });
});
