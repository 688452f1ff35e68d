import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One held-back item: its index in its list, where it starts in the file, and its JSON text (not yet parsed). */
export interface PendingItem {
  index: number;
  offset: number;
  text: string;
}

/** Held in memory up to this many characters of JSON text; past it, written to a file of their own. */
const MEMORY_CHARS = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Items of a streamed record that arrived before what they need to be read (a Jaeger trace's spans before its
 * `processes`, which Jaeger writes last). Kept as their JSON text: in memory while small, then in a temporary file,
 * so a trace of millions of spans costs disk, not memory. Read back in arrival order. In the file, each item is a
 * line `index offset bytes` followed by its text.
 */
export class PendingItems {
  private memory: PendingItem[] = [];
  private chars = 0;
  private file: { dir: string; fd: number } | null = null;
  count = 0;

  add(index: number, offset: number, text: string): void {
    this.memory.push({ index, offset, text });
    this.chars += text.length;
    this.count++;
    if (this.chars > MEMORY_CHARS) this.spill();
  }

  /** Every item in arrival order, a few thousand at a time: the spilled ones first, then those still in memory. */
  async *items(): AsyncGenerator<PendingItem[]> {
    if (this.file !== null) {
      closeSync(this.file.fd);
      this.file.fd = -1;
      let rest: Buffer = Buffer.alloc(0);
      for await (const chunk of createReadStream(join(this.file.dir, 'items'), { highWaterMark: 1 << 20 })) {
        const bytes = rest.length === 0 ? (chunk as Buffer) : Buffer.concat([rest, chunk as Buffer]);
        let at = 0;
        const found: PendingItem[] = [];
        for (;;) {
          const newline = bytes.indexOf(NEWLINE, at);
          if (newline < 0) break;
          const [index, offset, length] = bytes.toString('latin1', at, newline).split(' ').map(Number) as [number, number, number];
          if (newline + 1 + length > bytes.length) break;
          found.push({ index, offset, text: bytes.toString('utf8', newline + 1, newline + 1 + length) });
          at = newline + 1 + length;
        }
        rest = bytes.subarray(at);
        yield found;
      }
      rmSync(this.file.dir, { recursive: true, force: true });
      this.file = null;
    }
    const memory = this.memory;
    this.memory = [];
    for (let i = 0; i < memory.length; i += 2048) yield memory.slice(i, i + 2048);
  }

  /** Removes the temporary file, if any: after reading, or when the import fails before it. */
  dispose(): void {
    if (this.file === null) return;
    if (this.file.fd >= 0) closeSync(this.file.fd);
    rmSync(this.file.dir, { recursive: true, force: true });
    this.file = null;
  }

  private spill(): void {
    if (this.file === null) {
      const dir = mkdtempSync(join(tmpdir(), 'casefile-pending-'));
      this.file = { dir, fd: openSync(join(dir, 'items'), 'w') };
    }
    let out = '';
    for (const item of this.memory) out += `${item.index} ${item.offset} ${Buffer.byteLength(item.text)}\n${item.text}`;
    writeSync(this.file.fd, out);
    this.memory = [];
    this.chars = 0;
  }
}
