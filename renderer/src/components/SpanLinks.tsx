import { useQuery } from '@tanstack/react-query';
import { useContext } from 'react';
import type { SpanLink } from '../../../shared/model.js';
import type { SpanLinkRef } from '../../../shared/trace/waterfall-types.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { LinkNavigationContext, type LinkNavigation } from '../views/trace/link-navigation.js';
import { spanLinksQuery } from '../views/trace/waterfall-queries.js';
import { AttributeTable } from './AttributeTable.js';
import { ServiceTag } from './ServiceColors.js';

/**
 * A span's links. Inside the trace waterfall (which provides LinkNavigationContext) both directions are shown —
 * the span's own links and the spans in the cache linking to it, e.g. the consumers of a message it produced — and
 * each opens its trace at that span.
 */
export function SpanLinks({ links }: { links: readonly SpanLink[] }) {
  const navigation = useContext(LinkNavigationContext);
  if (navigation !== null) return <BothWays links={links} navigation={navigation} />;
  if (links.length === 0) return <p className="muted detail-none">none</p>;
  return (
    <ol className="detail-list" data-testid="span-links">
      {links.map((link) => (
        <li key={`${link.traceId}/${link.spanId}`}>
          <div className="detail-list-title mono">
            {link.traceId} / {link.spanId}
          </div>
          <AttributeTable attributes={link.attributes} />
        </li>
      ))}
    </ol>
  );
}

function BothWays({ links, navigation }: { links: readonly SpanLink[]; navigation: LinkNavigation }) {
  const client = useApiClient();
  const { traceId, spanId, onOpenTrace } = navigation;
  const found = useQuery(spanLinksQuery(client, traceId, spanId));
  const outgoing: (SpanLinkRef & { link?: SpanLink })[] = links.map((link) => {
    const known = found.data?.outgoing.find((ref) => ref.traceId === link.traceId && ref.spanId === link.spanId);
    return { traceId: link.traceId, spanId: link.spanId, service: known?.service ?? null, name: known?.name ?? null, link };
  });
  const incoming = found.data?.incoming ?? [];
  if (outgoing.length === 0 && incoming.length === 0) {
    return <p className="muted detail-none">{found.isPending ? 'looking for links…' : 'none'}</p>;
  }
  return (
    <div data-testid="span-links">
      {outgoing.length > 0 && <LinkList title="Links to" direction="outgoing" refs={outgoing} onOpen={onOpenTrace} />}
      {incoming.length > 0 && <LinkList title="Linked from" direction="incoming" refs={incoming} onOpen={onOpenTrace} />}
    </div>
  );
}

interface LinkListProps {
  title: string;
  direction: 'incoming' | 'outgoing';
  refs: (SpanLinkRef & { link?: SpanLink })[];
  onOpen: (traceId: string, spanId?: string) => void;
}

function LinkList({ title, direction, refs, onOpen }: LinkListProps) {
  return (
    <>
      <h4 className="detail-subtitle">{title}</h4>
      <ol className="detail-list">
        {refs.map((ref) => (
          <li key={`${ref.traceId}/${ref.spanId}`} data-testid="span-link" data-direction={direction} data-trace-id={ref.traceId}>
            <button type="button" className="link-button" data-testid="span-link-open" onClick={() => onOpen(ref.traceId, ref.spanId)}>
              {ref.service !== null ? (
                <>
                  <ServiceTag name={ref.service} /> {ref.name}
                </>
              ) : (
                <span className="muted">not in the cache</span>
              )}
            </button>
            <div className="muted mono detail-link-ids">
              {ref.traceId} / {ref.spanId}
            </div>
            {ref.link && Object.keys(ref.link.attributes).length > 0 && <AttributeTable attributes={ref.link.attributes} />}
          </li>
        ))}
      </ol>
    </>
  );
}
