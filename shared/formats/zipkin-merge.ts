import { canonicalId } from '../ids.js';
import { isObject, type JsonObject } from './values.js';

/**
 * Zipkin v2 lets one span arrive in fragments that share its id (late tags, a `finish` reported apart from the start)
 * and makes `timestamp` optional on each. Zipkin's own trace merge (zipkin2.internal.Trace.merge) joins fragments of
 * one id and one side of an RPC, each field taken from whichever fragment has it; this does the same on the raw JSON,
 * before the spans are read. The two halves of a shared RPC span (CLIENT and SERVER with one id) stay two spans.
 */
export interface RawSpan {
  value: unknown;
  path: string;
}

type Side = 'caller' | 'callee' | null;

interface Group {
  span: RawSpan;
  side: Side;
  service: string | null;
}

export function mergeZipkinFragments(spans: readonly RawSpan[]): RawSpan[] {
  const out: Group[] = [];
  const byId = new Map<string, Group[]>();
  for (const raw of spans) {
    if (!isObject(raw.value)) {
      out.push({ span: raw, side: null, service: null });
      continue;
    }
    const key = `${idKey(raw.value.traceId, 'trace')}|${idKey(raw.value.id, 'span')}`;
    const side = sideOf(raw.value);
    const service = serviceOf(raw.value);
    const groups = byId.get(key) ?? [];
    const into = groups.find(
      (g) =>
        (g.side === side || g.side === null || side === null) &&
        (g.service === service || g.service === null || service === null) &&
        fragmentsOfOne(g.span.value as JsonObject, raw.value as JsonObject),
    );
    if (into === undefined) {
      const group = { span: raw, side, service };
      groups.push(group);
      byId.set(key, groups);
      out.push(group);
      continue;
    }
    into.span = { value: mergeSpan(into.span.value as JsonObject, raw.value), path: into.span.path };
    into.side ??= side;
    into.service ??= service;
  }
  return out.map((g) => g.span);
}

/**
 * Only a fragment without any time is merged: timed spans of one id are kept apart, as the cache's identity tells
 * them (real Zipkin data reuses an id for several messaging receives; an exact repeat is stored once there).
 */
function fragmentsOfOne(a: JsonObject, b: JsonObject): boolean {
  return !hasTime(a) || !hasTime(b);
}

/** Whether a (possibly merged) span has anything to take its start from. */
export function hasTime(value: unknown): boolean {
  if (!isObject(value)) return true; // not a span at all: the parser says what is wrong with it
  const annotations = value.annotations;
  return (value.timestamp !== undefined && value.timestamp !== null) || (Array.isArray(annotations) && annotations.length > 0);
}

/** Field by field, the first fragment's value where it has one (Zipkin's Span.Builder.merge); tags and annotations joined. */
function mergeSpan(a: JsonObject, b: JsonObject): JsonObject {
  const merged: JsonObject = { ...b, ...withoutAbsent(a) };
  if (isObject(a.tags) || isObject(b.tags)) merged.tags = { ...(isObject(b.tags) ? b.tags : {}), ...(isObject(a.tags) ? a.tags : {}) };
  if (Array.isArray(a.annotations) || Array.isArray(b.annotations)) {
    const seen = new Set<string>();
    merged.annotations = [...(Array.isArray(a.annotations) ? a.annotations : []), ...(Array.isArray(b.annotations) ? b.annotations : [])].filter((x) => {
      const key = JSON.stringify(x);
      return seen.has(key) ? false : (seen.add(key), true);
    });
  }
  if (a.shared === true || b.shared === true) merged.shared = true;
  if (a.debug === true || b.debug === true) merged.debug = true;
  // An empty name is what a fragment without one carries (Zipkin writes "" or leaves it out).
  if ((typeof a.name !== 'string' || a.name === '') && b.name !== undefined) merged.name = b.name;
  return merged;
}

function withoutAbsent(span: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(span)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

function sideOf(span: JsonObject): Side {
  if (span.kind === 'SERVER' || span.kind === 'CONSUMER' || span.shared === true) return 'callee';
  if (span.kind === 'CLIENT' || span.kind === 'PRODUCER') return 'caller';
  return null;
}

function serviceOf(span: JsonObject): string | null {
  const local = span.localEndpoint;
  return isObject(local) && typeof local.serviceName === 'string' && local.serviceName !== '' ? local.serviceName : null;
}

function idKey(raw: unknown, kind: 'trace' | 'span'): string {
  try {
    return canonicalId(raw, kind) ?? '';
  } catch {
    return String(raw);
  }
}
