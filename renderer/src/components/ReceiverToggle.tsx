import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ReceiverStatus } from '../../../shared/contract/receiver-calls.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { formatCount } from '../lib/format-count.js';
import { CACHE_SCOPE } from '../queries/keys.js';
import { receiverStatusQuery } from '../queries/receiver.js';
import '../styles/receiver.css';

function details(status: ReceiverStatus): string {
  const lines = [
    status.enabled ? `Receiving OTLP/HTTP on http://127.0.0.1:${status.port} (/v1/traces, /v1/logs)` : 'The OTLP/HTTP receiver is off',
    `${status.spans} spans and ${status.logs} logs this session`,
  ];
  if (status.lastReceivedAt !== null) lines.push(`last data at ${new Date(status.lastReceivedAt).toLocaleTimeString()}`);
  if (status.rejectedRequests > 0) lines.push(`${status.rejectedRequests} requests refused; last: ${status.lastRejection ?? ''}`);
  return lines.join('\n');
}

/**
 * Switches the OTLP receiver on and off and shows what it took. While data arrives, every cache query refreshes so
 * the views show it. When the port cannot be had, the error shows with a field to try another port.
 */
export function ReceiverToggle() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const status = useQuery(receiverStatusQuery(client));
  const [port, setPort] = useState('');
  const change = useMutation({
    mutationFn: (request: { enabled: boolean; port?: number }) => client.setReceiver(request),
    onSuccess: (next) => queryClient.setQueryData(receiverStatusQuery(client).queryKey, next),
  });

  const received = status.data === undefined ? 0 : status.data.spans + status.data.logs;
  const seen = useRef(received);
  useEffect(() => {
    if (received === seen.current) return;
    seen.current = received;
    void queryClient.invalidateQueries({ queryKey: [CACHE_SCOPE] });
  }, [received, queryClient]);

  if (status.data === undefined) return null;
  const { enabled, error } = status.data;
  const typedPort = Number(port);
  const portChoice = port !== '' && Number.isInteger(typedPort) && typedPort > 0 && typedPort < 65536 ? typedPort : undefined;
  return (
    <span className="receiver-toggle" data-testid="receiver-toggle" data-enabled={enabled}>
      <button
        type="button"
        className="button button-quiet"
        title={details(status.data)}
        disabled={change.isPending}
        onClick={() => change.mutate({ enabled: !enabled, port: enabled ? undefined : portChoice })}
      >
        <span className={`receiver-dot${enabled ? ' receiver-dot-on' : ''}`} aria-hidden="true" />
        {enabled ? `OTLP :${status.data.port}` : 'OTLP off'}
      </button>
      {enabled && (
        <span className="receiver-counts" data-testid="receiver-counts">
          {formatCount(status.data.spans)} spans · {formatCount(status.data.logs)} logs
        </span>
      )}
      {!enabled && error !== null && (
        <>
          <span className="receiver-error text-error" data-testid="receiver-error" title={error}>
            {error}
          </span>
          <input
            className="receiver-port"
            aria-label="OTLP port"
            inputMode="numeric"
            placeholder={String(status.data.port)}
            value={port}
            onChange={(event) => setPort(event.target.value.replace(/\D/g, '').slice(0, 5))}
          />
        </>
      )}
      {change.isError && <span className="receiver-error text-error">{change.error.message}</span>}
    </span>
  );
}
