/**
 * How far a gzip file may expand before its import is refused. gzip reaches ~1000:1 on repetitive input, so a few
 * hundred kilobytes can hold gigabytes of `{},{},…` that take minutes to read (the receiver caps a request body at
 * 64 MiB for the same reason). Real trace and log exports compress 10–20:1 (the demo incident 10:1, the vendored
 * upstream samples 12–21:1), so the default ratio leaves them five times the room.
 */
export interface ExpansionLimits {
  /** Refuse a gzip file once it has expanded to more than this many times the compressed bytes read (past RATIO_FLOOR). */
  maxExpansionRatio: number;
  /** Refuse a gzip file once it has expanded to more than this many bytes, whatever its ratio. */
  maxExpandedBytes: number;
}

export const DEFAULT_EXPANSION_LIMITS: ExpansionLimits = {
  maxExpansionRatio: 100,
  maxExpandedBytes: 16 * 1024 ** 3,
};

/** Small files may compress as well as they like: the ratio is only enforced past this many expanded bytes. */
export const RATIO_FLOOR = 16 * 1024 ** 2;

/**
 * A check of a gzip file as it expands: the words to refuse it with, or null while it is within the limits. The ratio
 * is of the bytes expanded so far to the compressed bytes read so far (zlib counts those exactly as it goes), so a
 * bomb is refused once past RATIO_FLOOR however large the file, rather than after a hundred times its whole size.
 */
export function expansionCheck(limits: Partial<ExpansionLimits> = {}): (expanded: number, compressed: number) => string | null {
  const { maxExpansionRatio, maxExpandedBytes } = { ...DEFAULT_EXPANSION_LIMITS, ...limits };
  const advice = 'if the file is genuine, raise the limit (maxExpansionRatio, maxExpandedBytes) or import it uncompressed';
  return (expanded, compressed) => {
    if (expanded > maxExpandedBytes) {
      return `the gzip data expands to more than ${size(maxExpandedBytes)}, the most an import decompresses; ${advice}`;
    }
    if (expanded <= RATIO_FLOOR || expanded <= maxExpansionRatio * compressed) return null;
    return (
      `the gzip data expands to more than ${maxExpansionRatio} times its compressed size (${size(expanded)} from the ` +
      `first ${size(compressed)} of the file), which is what a decompression bomb does, not a trace or log export; ${advice}`
    );
  };
}

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
