import type { Attributes } from '../../../shared/model.js';
import { formatAttributeValue } from '../lib/attribute-value.js';
import { AttributeValueMenu } from './AttributeValueMenu.js';

interface AttributeTableProps {
  attributes: Attributes;
  testId?: string;
  /** The service the attributes were seen on: "group traces by" this key then compares within that service. */
  service?: string;
}

/** Key/value pairs sorted by key, so the same attribute is in the same place on every span; each value can pivot. */
export function AttributeTable({ attributes, testId, service }: AttributeTableProps) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted detail-none">none</p>;
  return (
    <table className="attribute-table" data-testid={testId}>
      <tbody>
        {entries.map(([key, value]) => {
          const text = formatAttributeValue(value);
          return (
            <tr key={key} data-testid="attribute-row" data-key={key}>
              <th scope="row" title={key}>
                <AttributeKey name={key} />
              </th>
              <td>
                <span className="attribute-value" data-testid="attribute-value">{text}</span>
                <AttributeValueMenu attributeKey={key} value={text} service={service} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A key that wraps only after its separators ("http.response.␣status_code"), never inside a word: "stat-us_code"
 * split mid-word reads as two keys.
 */
function AttributeKey({ name }: { name: string }) {
  const parts = name.split(/(?<=[._/:-])/);
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </span>
      ))}
    </>
  );
}
