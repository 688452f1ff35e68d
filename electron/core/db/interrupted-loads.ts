import type { LoadRecord } from '../../../shared/api-types.js';
import { getLoad } from '../queries/loads.js';
import type { Db } from './open-database.js';
import { ownerState } from './process-owner.js';

interface RunningLoad {
  id: number;
  kind: string;
  owner_host: string | null;
  owner_pid: number | null;
  owner_start: string | null;
}

/**
 * Marks the loads left `running` by a process that is gone (kill -9, a crash, power loss) as interrupted, and returns
 * them. An import's rows are written in one transaction after its ledger row, so an interrupted import kept nothing
 * and importing the file again completes it; a receive session keeps every request it answered.
 *
 * Only loads whose owner is surely gone are marked: a CLI import and the app (or two CLI processes) may have this
 * cache open at once, and another process's running import is left alone. A load without an owner was started by a
 * Casefile from before migration 10, which cannot open a cache migrated past it: it is counted as gone (should that
 * process still finish it, its 'done' wins, see toLoadRecord).
 */
export function markInterruptedLoads(db: Db, now = Date.now()): LoadRecord[] {
  const running = db.prepare(`SELECT id, kind, owner_host, owner_pid, owner_start FROM loads WHERE status = 'running'`).all() as RunningLoad[];
  const gone = running.filter(
    (load) => load.owner_pid === null || ownerState({ host: load.owner_host ?? '', pid: load.owner_pid, start: load.owner_start }) === 'gone',
  );
  const mark = db.prepare(`UPDATE loads SET status = 'failed', interrupted_at = ?, error = ? WHERE id = ? AND status = 'running'`);
  db.transaction(() => {
    for (const load of gone) mark.run(now, interruptedReason(load), load.id);
  })();
  return gone.map((load) => getLoad(db, load.id)).filter((load): load is LoadRecord => load?.status === 'interrupted');
}

function interruptedReason(load: RunningLoad): string {
  const owner = load.owner_pid === null ? 'the Casefile process' : `the Casefile process (pid ${load.owner_pid})`;
  if (load.kind === 'receive') return `interrupted: ${owner} receiving OTLP ended without closing the session; the requests it answered are kept`;
  return `interrupted: ${owner} ended before the import finished; nothing of it was kept; import the file again to complete it`;
}
