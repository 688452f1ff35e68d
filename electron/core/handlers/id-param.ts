import { ApiError } from '../../../shared/contract-kit.js';
import { canonicalId, IdError } from '../../../shared/ids.js';

/** Ids typed by a person may be in any accepted form (short hex, uppercase, base64); queries use the canonical one. */
export function idParam(raw: string, kind: 'trace' | 'span'): string {
  try {
    const id = canonicalId(raw, kind);
    if (id === null) throw new ApiError('invalid-input', `${kind} id "${raw}" is empty or all zeros`);
    return id;
  } catch (error) {
    if (error instanceof IdError) throw new ApiError('invalid-input', error.message);
    throw error;
  }
}
