import type { Attributes } from '../../../shared/model.js';
import { formatAttributeValue } from '../lib/attribute-value.js';

/** Key/value pairs sorted by key, so the same attribute is in the same place on every span. */
export function AttributeTable({ attributes, testId }: { attributes: Attributes; testId?: string }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted detail-none">none</p>;
  return (
    <table className="attribute-table" data-testid={testId}>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key} data-testid="attribute-row" data-key={key}>
            <th scope="row">{key}</th>
            <td>{formatAttributeValue(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
