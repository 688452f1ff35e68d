/**
 * What makes a SQLite file a casefile, readable by any tool: `PRAGMA application_id` (what `file(1)` prints) and
 * `PRAGMA user_version` = the format version, major × 1000 + minor.
 *
 * The rule for readers (after Jupyter's nbformat): a newer MINOR only adds tables or columns, so an older reader
 * opens it and ignores what it does not know; a newer MAJOR changed the meaning of something, so an older reader
 * refuses it with a clear message instead of showing wrong evidence.
 */

/** The bytes spell "CaSe" (0x43 0x61 0x53 0x65), unused by the formats SQLite's magic.txt lists. */
export const CASEFILE_APPLICATION_ID = 0x43615365;

/**
 * 2: the lookup and full-text indexes of spans and logs are left out, and the reader builds them (casefile-indexes.ts).
 * A 1.x reader would open such a file and find nothing by text: it must refuse it. This build reads 1.x as well.
 */
export const FORMAT_MAJOR = 2;
export const FORMAT_MINOR = 0;
export const FORMAT_USER_VERSION = FORMAT_MAJOR * 1000 + FORMAT_MINOR;
export const FORMAT_VERSION = `${FORMAT_MAJOR}.${FORMAT_MINOR}`;

export const CASEFILE_EXTENSION = '.casefile';

export function formatOf(userVersion: number): { major: number; minor: number; text: string } {
  const major = Math.floor(userVersion / 1000);
  const minor = userVersion % 1000;
  return { major, minor, text: `${major}.${minor}` };
}

/** A casefile that cannot be opened: the message names the file and the reason. */
export class CasefileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}
