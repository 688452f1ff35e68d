import { describe, expect, it } from 'vitest';
import { PendingChildren, SpanKeyTable, spanKey } from './span-key-table.js';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

describe('SpanKeyTable', () => {
  it('finds every key it was given across many growths, and no other', () => {
    const table = new SpanKeyTable();
    const key = new Uint32Array(2);
    for (let i = 0; i < 150_000; i++) {
      spanKey(hex(i % 977, 32), hex(i, 16), key);
      expect(table.put(key, i % 5000, i % 6)).toBe('new');
    }
    for (let i = 0; i < 150_000; i += 7) {
      spanKey(hex(i % 977, 32), hex(i, 16), key);
      const slot = table.find(key[0]!, key[1]!);
      expect([table.serviceAt(slot), table.kindAt(slot)]).toEqual([i % 5000, i % 6]);
    }
    spanKey(hex(1, 32), hex(2, 16), key); // span 2 is in trace 2, not 1
    expect(table.find(key[0]!, key[1]!)).toBe(-1);
  });

  it('keeps the first server half of spans sharing a key', () => {
    const table = new SpanKeyTable();
    const key = new Uint32Array(2);
    spanKey('t', 's', key);
    expect(table.put(key, 1, 3)).toBe('new');
    expect(table.put(key, 2, 3)).toBe('kept');
    expect(table.put(key, 3, 2)).toBe('replaced');
    expect(table.put(key, 4, 2)).toBe('kept');
    const slot = table.find(key[0]!, key[1]!);
    expect([table.serviceAt(slot), table.kindAt(slot)]).toEqual([3, 2]);
  });

  it('tells ids that concatenate alike apart', () => {
    const [a, b] = [new Uint32Array(2), new Uint32Array(2)];
    spanKey('ab', 'c', a);
    spanKey('a', 'bc', b);
    expect([...a]).not.toEqual([...b]);
  });
});

describe('PendingChildren', () => {
  it('gives back every child in order across chunks', () => {
    const pending = new PendingChildren();
    const key = new Uint32Array(2);
    for (let i = 0; i < 200_000; i++) {
      key[0] = i;
      key[1] = i * 3;
      pending.push(key, i % 70_000, i, (i % 900) - 1, i % 6, i % 2 === 0, i % 3 === 0);
    }
    let seen = 0;
    pending.each((child) => {
      const i = seen++;
      if (i % 997 === 0) {
        expect(child).toEqual({ parentHi: i, parentLo: (i * 3) >>> 0, service: i % 70_000, minute: i, bucket: (i % 900) - 1, kind: i % 6, isError: i % 2 === 0, messaging: i % 3 === 0 });
      }
    });
    expect(seen).toBe(200_000);
  });
});
