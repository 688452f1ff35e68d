import { z } from 'zod';

/** Schema pieces every part of the contract uses. */

/** Decimal nanoseconds since the epoch; strings because a JS number cannot hold them exactly. */
export const nsTime = z.string().regex(/^\d{1,19}$/, 'expected nanoseconds since the epoch as a decimal string');
export const limit = (fallback: number, max: number) => z.number().int().min(1).max(max).default(fallback);
export const name = z.string().min(1).max(1024);
export const id = z.string().min(1).max(128);
export const timeWindow = { startNs: nsTime.optional(), endNs: nsTime.optional() };
