import type { SpanLink } from '../../../shared/model.js';
import { AttributeTable } from './AttributeTable.js';

export function SpanLinks({ links }: { links: readonly SpanLink[] }) {
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
