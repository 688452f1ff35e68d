import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../api/ApiClientContext.js';
import { loadLabel } from '../lib/load-label.js';
import { loadStatusClass, loadStatusText } from '../lib/load-status.js';
import { loadsQuery } from '../queries/loads.js';
import { DismissButton } from './DismissButton.js';

/** The ledger of what was loaded into the cache and from where, so a finding can be traced to its source file. */
export function LoadHistory() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const loads = useQuery(loadsQuery(client, 20));
  const dismiss = useMutation({
    mutationFn: (id: number) => client.dismissLoad({ id }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: loadsQuery(client, 20).queryKey }),
  });
  // Secondary information: when it cannot be read, the service list already shows why, so say nothing twice.
  if (!loads.isSuccess || loads.data.length === 0) return null;
  return (
    <section className="panel load-history" data-testid="load-history">
      <h2 className="panel-title">Loaded</h2>
      <ul className="load-list">
        {loads.data.map((load) => (
          <li
            key={load.id}
            className={load.status === 'failed' ? 'load-failed' : loadStatusClass(load.status)}
            title={load.error ?? load.target}
            data-testid="load"
            data-status={load.status}
          >
            <span className="load-target">{loadLabel(load.target)}</span>
            {load.status === 'failed' ? (
              <>
                {/* A failed load brought nothing: say why, and let it go once read. */}
                <span className="text-error load-error" data-testid="load-error">
                  failed: {load.error ?? 'no reason recorded'}
                </span>
                <DismissButton onClick={() => dismiss.mutate(load.id)} />
              </>
            ) : (
              <span className={load.status === 'interrupted' ? undefined : 'muted'}>{loadStatusText(load)}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
