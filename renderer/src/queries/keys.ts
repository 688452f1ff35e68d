/**
 * Every query that reads the cache lives under this first key segment, so a write (an import finishing) can refresh
 * all of them with one invalidation. Import-job polling sits outside it: it reads job progress, not the cache.
 */
export const CACHE_SCOPE = 'cache';
