import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { GrowingFile } from './growing-file.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(): string {
  dir = mkdtempSync(join(tmpdir(), 'casefile-growing-'));
  const path = join(dir, 'body.json');
  writeFileSync(path, '');
  return path;
}

async function readAll(growing: GrowingFile, path: string): Promise<{ text: string; counted: number }> {
  let text = '';
  let counted = 0;
  for await (const chunk of growing.chunks(path, (n) => (counted += n))) text += chunk.toString('utf8');
  return { text, counted };
}

describe('GrowingFile', () => {
  it('reads what is appended after it caught up with the writer, and stops at the size it is told', async () => {
    const path = file();
    const growing = new GrowingFile();
    const reading = readAll(growing, path);
    for (const part of ['{"a":', '[1,2', ',3]}']) {
      await sleep(20);
      appendFileSync(path, part);
    }
    growing.end(13);
    await expect(reading).resolves.toEqual({ text: '{"a":[1,2,3]}', counted: 13 });
  });

  it('refuses to end short of the size the download received', async () => {
    const path = file();
    appendFileSync(path, 'abc');
    const growing = new GrowingFile();
    growing.end(10);
    await expect(readAll(growing, path)).rejects.toThrow('the downloaded file holds 3 bytes of the 10 received');
  });
});
