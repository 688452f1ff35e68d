import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * An unclosed rule swallows every rule after it in the bundled stylesheet, and the page loses most of its styles
 * without a single error (it happened in a merge). Every stylesheet's braces must balance.
 */
const RENDERER = fileURLToPath(new URL('../renderer/src/', import.meta.url));

function* stylesheets(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* stylesheets(path);
    else if (entry.endsWith('.css')) yield path;
  }
}

describe('stylesheets', () => {
  it('close every rule they open', () => {
    const unbalanced: string[] = [];
    for (const file of stylesheets(RENDERER)) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      let depth = 0;
      for (const char of text) {
        if (char === '{') depth++;
        else if (char === '}' && --depth < 0) break;
      }
      if (depth !== 0) unbalanced.push(relative(RENDERER, file));
    }
    expect(unbalanced).toEqual([]);
  });
});
