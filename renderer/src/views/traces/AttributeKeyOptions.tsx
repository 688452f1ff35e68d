import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/ApiClientContext.js';
import { formatCount } from '../../lib/format-count.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { CACHE_SCOPE } from '../../queries/keys.js';

/**
 * The attribute keys present in the window (of the service, if one is chosen) as a <datalist>: typing a group-by key
 * offers the keys that exist, most common first, instead of guessing at names.
 */
export function AttributeKeyOptions({ id, service, window }: { id: string; service: string | undefined; window: TimeWindow }) {
  const client = useApiClient();
  const keys = useQuery({
    queryKey: [CACHE_SCOPE, 'attributeKeys', { service, ...window }],
    queryFn: () => client.attributeKeys({ ...(service === undefined ? {} : { service }), ...window }),
    placeholderData: keepPreviousData,
  });
  return (
    <datalist id={id} data-testid="group-by-keys">
      {keys.data?.keys.map((k) => (
        <option key={k.key} value={k.key} label={`${formatCount(k.spans)} spans`} />
      ))}
    </datalist>
  );
}
