import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A user's clone has nothing beside it, so no code or test may reach a folder outside the checkout (the upstream
 * samples once came from ../shared/fixtures; they are vendored in fixtures/upstream now).
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDERS = ['bench', 'bin', 'electron', 'fixtures/demo', 'renderer', 'scripts', 'shared', 'test'];
const CODE = /\.(ts|tsx|js|mjs|cjs)$/;

function* codeFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* codeFiles(path);
    else if (CODE.test(entry)) yield path;
  }
}

describe('the checkout is self-contained', () => {
  it('no source file names the shared folder beside the checkout', () => {
    const offenders: string[] = [];
    const outside = /shared\/fixtures/;
    for (const folder of FOLDERS) {
      for (const file of codeFiles(join(ROOT, folder))) {
        if (file === fileURLToPath(import.meta.url)) continue;
        if (outside.test(readFileSync(file, 'utf8'))) offenders.push(relative(ROOT, file));
      }
    }
    expect(offenders).toEqual([]);
  });
});
