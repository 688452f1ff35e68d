/**
 * How far a gzip file may expand before its import is refused. gzip reaches ~1000:1 on repetitive input, so a few
 * hundred kilobytes can hold gigabytes of `{},{},…` that take minutes to read (the receiver caps a request body at
 * 64 MiB for the same reason). Real trace and log exports compress 10–20:1 (the demo incident 10:1, the vendored
 * upstream samples 12–21:1), so the default ratio leaves them five times the room.
 */
export interface ExpansionLimits {
  /** Refuse a gzip file once it has expanded to more than this many times its own size (past RATIO_FLOOR). */
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

/** The most a gzip file of `compressedBytes` may expand to, and the words to refuse it with. */
export function expansionCap(compressedBytes: number, limits: Partial<ExpansionLimits> = {}): { bytes: number; reason: string } {
  const { maxExpansionRatio, maxExpandedBytes } = { ...DEFAULT_EXPANSION_LIMITS, ...limits };
  const byRatio = Math.max(RATIO_FLOOR, maxExpansionRatio * compressedBytes);
  const advice = 'if the file is genuine, raise the limit (maxExpansionRatio, maxExpandedBytes) or import it uncompressed';
  if (maxExpandedBytes <= byRatio) {
    return {
      bytes: maxExpandedBytes,
      reason: `the gzip data expands to more than ${size(maxExpandedBytes)}, the most an import decompresses; ${advice}`,
    };
  }
  return {
    bytes: byRatio,
    reason:
      `the gzip data expands to more than ${maxExpansionRatio} times the file's ${size(compressedBytes)} ` +
      `(over ${size(byRatio)}), which is what a decompression bomb does, not a trace or log export; ${advice}`,
  };
}

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
