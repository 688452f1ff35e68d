/**
 * A 64-bit content digest for log records, which have no natural key: importing the same log twice must store it
 * once. Two independent 32-bit FNV-1a lanes over the text; computed in JS because a crypto hash object per log costs
 * more than the insert itself. Returned as a signed 64-bit BigInt, SQLite's INTEGER.
 */
export function fingerprint64(text: string): bigint {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return BigInt.asIntN(64, (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0));
}
