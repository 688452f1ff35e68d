import type { IncidentMarks } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, nsBound, ns } from './rows.js';
import { serviceVersions } from './service-versions.js';

/**
 * What a replay timeline marks on incident time: the first error in the window, and each service.version that
 * appeared in it after another version of the same service (a deploy or a canary). Services with one version are
 * skipped from the resources alone, so only services that changed are walked.
 */
export function incidentMarks(db: Db, window: { startNs?: string; endNs?: string }): IncidentMarks {
  const start = nsBound(window.startNs, MIN_NS);
  const end = nsBound(window.endNs, MAX_NS);
  const first = db
    .prepare('SELECT start_ns, service, name, trace_id FROM spans INDEXED BY spans_by_time WHERE start_ns BETWEEN ? AND ? AND status_code = 2 ORDER BY start_ns LIMIT 1')
    .safeIntegers(true)
    .get(start, end) as { start_ns: bigint; service: string; name: string; trace_id: string } | undefined;
  const changing = db
    .prepare(
      `SELECT json_extract(attributes, '$."service.name"') AS service FROM resources
       WHERE json_extract(attributes, '$."service.version"') IS NOT NULL
       GROUP BY service HAVING count(DISTINCT json_extract(attributes, '$."service.version"')) > 1`,
    )
    .pluck()
    .all() as string[];
  const versionChanges = changing.flatMap((service) =>
    serviceVersions(db, service)
      .slice(1)
      .filter((v) => BigInt(v.firstNs) >= start && BigInt(v.firstNs) <= end)
      .map((v) => ({ service, version: v.version, firstNs: v.firstNs })),
  );
  return {
    firstError: first === undefined ? null : { timeNs: ns(first.start_ns), service: first.service, name: first.name, traceId: first.trace_id },
    versionChanges: versionChanges.sort((a, b) => (BigInt(a.firstNs) < BigInt(b.firstNs) ? -1 : 1)),
  };
}
