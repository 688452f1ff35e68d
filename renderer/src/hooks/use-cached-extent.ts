import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../api/ApiClientContext.js';
import type { CachedExtent } from '../lib/time-range.js';
import { servicesQuery } from '../queries/services.js';

/** When the cached data starts and ends (over every service), or null while loading or when the cache is empty. */
export function useCachedExtent(): CachedExtent | null {
  const services = useQuery(servicesQuery(useApiClient()));
  if (services.data === undefined) return null;
  let first: bigint | null = null;
  let last: bigint | null = null;
  for (const s of services.data) {
    if (s.firstNs !== null && (first === null || BigInt(s.firstNs) < first)) first = BigInt(s.firstNs);
    if (s.lastNs !== null && (last === null || BigInt(s.lastNs) > last)) last = BigInt(s.lastNs);
  }
  return first === null || last === null ? null : { firstNs: first, lastNs: last };
}
