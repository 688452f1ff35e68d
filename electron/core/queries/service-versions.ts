import type { VersionMarker } from '../../../shared/views/charts-types.js';
import type { Db } from '../db/open-database.js';

/**
 * When each service.version of a service was first seen. Resources are few (one per distinct attribute set), so
 * they are read whole; the first span of each is found by walking the (service, start) index from the start,
 * which stops at that resource's first span.
 */
export function serviceVersions(db: Db, service: string): VersionMarker[] {
  const resources = db
    .prepare(
      `SELECT hash, json_extract(attributes, '$."service.version"') AS version FROM resources
       WHERE json_extract(attributes, '$."service.name"') = ? AND version IS NOT NULL`,
    )
    .all(service) as { hash: string; version: unknown }[];
  const firstSpan = db.prepare('SELECT min(start_ns) FROM spans WHERE service = ? AND resource_hash = ?').safeIntegers(true).pluck();
  const firstByVersion = new Map<string, bigint>();
  for (const { hash, version } of resources) {
    const first = firstSpan.get(service, hash) as bigint | null;
    if (first === null) continue;
    const key = String(version);
    const known = firstByVersion.get(key);
    if (known === undefined || first < known) firstByVersion.set(key, first);
  }
  return [...firstByVersion]
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([version, first]) => ({ version, firstNs: first.toString() }));
}
