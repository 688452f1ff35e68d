import { canonicalId, IdError } from './ids.js';

/**
 * What an omnibox entry could mean, before looking anything up: the canonical trace/span ids it could name (any
 * accepted id form: hex of any length and case, base64, opaque tokens), a hex prefix to match ids by their start
 * (people paste the first 8 characters a UI shows), a service name prefix, and the text to search logs for.
 */
export interface NavQuery {
  text: string;
  /** How the text reads as an id: exact-looking ids are ranked above service and text matches. */
  idForm: 'hex' | 'base64' | 'token' | null;
  traceId: string | null;
  spanId: string | null;
  /** Lowercase hex of 4+ characters: ids that start with it are candidates too. */
  hexPrefix: string | null;
  servicePrefix: string | null;
  /** Text with at least one word, for the logs' full-text search. */
  logText: string | null;
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64_ID = /^[A-Za-z0-9+/_-]{11,12}={0,2}$|^[A-Za-z0-9+/_-]{22,24}={0,2}$/;
const WORD = /[\p{L}\p{N}_]/u;

export function classifyNavQuery(raw: string): NavQuery {
  const text = raw.trim();
  const single = text !== '' && !/\s/.test(text);
  const idForm: NavQuery['idForm'] = !single ? null : HEX.test(text) && text.length <= 32 ? 'hex' : BASE64_ID.test(text) ? 'base64' : 'token';
  const traceId = idForm === null ? null : tryId(text, 'trace');
  // A span id is at most 16 hex characters: longer hex is a trace id only.
  const spanId = idForm === null || (idForm === 'hex' && text.length > 16) ? null : tryId(text, 'span');
  return {
    text,
    idForm,
    traceId,
    spanId,
    hexPrefix: idForm === 'hex' && text.length >= 4 && text.length < 32 ? text.toLowerCase() : null,
    servicePrefix: single ? text : null,
    logText: WORD.test(text) ? text : null,
  };
}

function tryId(text: string, kind: 'trace' | 'span'): string | null {
  try {
    return canonicalId(text, kind);
  } catch (error) {
    if (error instanceof IdError) return null;
    throw error;
  }
}
