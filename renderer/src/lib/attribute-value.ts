import type { AttrValue } from '../../../shared/model.js';

/** An attribute value as one line of text: strings bare, everything else as JSON so arrays and maps stay readable. */
export function formatAttributeValue(value: AttrValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
