import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const MAX_RECENT = 10;
const recentFile = z.object({
  version: z.literal(1),
  files: z.array(z.object({ file: z.string(), title: z.string(), openedAt: z.number() })),
});
type Recent = z.infer<typeof recentFile>['files'][number];

/** The casefiles last saved or opened, newest first, in a small JSON file beside the cache. */
export class RecentCasefiles {
  constructor(readonly path: string) {}

  list(): Recent[] {
    try {
      return recentFile.parse(JSON.parse(readFileSync(this.path, 'utf8'))).files;
    } catch {
      // Missing or unreadable: an empty list is the honest answer, and the next save rewrites it.
      return [];
    }
  }

  add(file: string, title: string): void {
    const files = [{ file, title, openedAt: Date.now() }, ...this.list().filter((r) => r.file !== file)].slice(0, MAX_RECENT);
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify({ version: 1, files }, null, 2));
    renameSync(temp, this.path);
  }
}
