import { DEFAULT_STATE, TRACE_LIST_SORTS, type AttributeRef, type EdgeRef, type TimeRange, type TracePair, type ViewState, type WorkbenchState } from '../../../shared/view-state.js';

/**
 * The workbench state in the URL hash, e.g. `#/traces?service=ads&ak=service.version&av=2.0.0-canary&last=1h`.
 * Readable so a pasted link says what it shows; parsing never throws: a hash typed by hand, cut short or from an
 * older build falls back field by field to the defaults instead of breaking the page.
 */
const NS = /^\d{1,19}$/;
const DURATION = /^(\d{1,12})(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
/** Longer than the whole history of any cache, but small enough that now − lastMs stays a sane date. */
const MAX_LAST_MS = 100 * 365 * 86_400_000;
const MAX_TEXT = 1000;

export function stateToHash(state: WorkbenchState): string {
  const params = new URLSearchParams();
  const view = state.view;
  let path: string = view.view;
  switch (view.view) {
    case 'graph':
      set(params, 'service', view.service);
      setEdge(params, view.edge);
      break;
    case 'traces':
      set(params, 'service', view.service);
      set(params, 'op', view.operation);
      setEdge(params, view.edge);
      setAttribute(params, view.attribute);
      if (view.errorsOnly) params.set('errors', '1');
      set(params, 'group', view.groupBy);
      set(params, 'sort', view.sort);
      if (view.ascending) params.set('asc', '1');
      if (view.minDurationMs !== undefined) params.set('dmin', String(view.minDurationMs));
      if (view.maxDurationMs !== undefined) params.set('dmax', String(view.maxDurationMs));
      if (view.diff) {
        params.set('da', view.diff.a);
        params.set('db', view.diff.b);
      }
      break;
    case 'trace':
      path = `trace/${encodeURIComponent(view.traceId)}`;
      set(params, 'span', view.spanId);
      break;
    case 'logs':
      set(params, 'service', view.service);
      set(params, 'trace', view.traceId);
      set(params, 'span', view.spanId);
      set(params, 'q', view.text);
      if (view.minSeverity !== undefined) params.set('sev', String(view.minSeverity));
      setAttribute(params, view.attribute);
      break;
    case 'charts':
      set(params, 'service', view.service);
      set(params, 'op', view.operation);
      break;
    case 'sources':
      set(params, 'source', view.source);
      break;
    case 'slos':
      set(params, 'slo', view.slo);
      break;
  }
  setTime(params, state.time);
  if (state.timeZone === 'local') params.set('tz', 'local');
  const query = params.toString();
  return `#/${path}${query ? `?${query}` : ''}`;
}

export function hashToState(hash: string): WorkbenchState {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const queryAt = body.indexOf('?');
  const path = (queryAt < 0 ? body : body.slice(0, queryAt)).replace(/^\/+/, '');
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(queryAt < 0 ? '' : body.slice(queryAt + 1));
  } catch {
    params = new URLSearchParams();
  }
  return {
    view: parseView(path, params) ?? DEFAULT_STATE.view,
    time: parseTime(params),
    timeZone: params.get('tz') === 'local' ? 'local' : 'utc',
  };
}

function parseView(path: string, params: URLSearchParams): ViewState | null {
  const [head, ...rest] = path.split('/');
  const service = text(params, 'service');
  switch (head) {
    case 'graph':
      return compact({ view: 'graph', service, edge: parseEdge(params) });
    case 'traces':
      return compact({
        view: 'traces',
        service,
        operation: text(params, 'op'),
        edge: parseEdge(params),
        attribute: parseAttribute(params),
        errorsOnly: params.get('errors') === '1' ? true : undefined,
        groupBy: text(params, 'group'),
        sort: TRACE_LIST_SORTS.find((sort) => sort === params.get('sort')),
        ascending: params.get('asc') === '1' ? true : undefined,
        minDurationMs: milliseconds(params, 'dmin'),
        maxDurationMs: milliseconds(params, 'dmax'),
        diff: parsePair(params),
      });
    case 'trace': {
      const traceId = decode(rest.join('/'));
      if (traceId === undefined || !/^[\x21-\x7e]{1,128}$/.test(traceId)) return null;
      return compact({ view: 'trace', traceId, spanId: text(params, 'span') });
    }
    case 'logs': {
      const sev = Number(params.get('sev'));
      const minSeverity = params.has('sev') && Number.isInteger(sev) && sev >= 0 && sev <= 24 ? sev : undefined;
      return compact({
        view: 'logs',
        service,
        traceId: text(params, 'trace'),
        spanId: text(params, 'span'),
        text: text(params, 'q'),
        minSeverity,
        attribute: parseAttribute(params),
      });
    }
    case 'charts':
      // A chart is always of one service: without it there is nothing to draw, so the default view is shown.
      return service === undefined ? null : compact({ view: 'charts', service, operation: text(params, 'op') });
    case 'sources':
      return compact({ view: 'sources', source: text(params, 'source') });
    case 'slos':
      return compact({ view: 'slos', slo: text(params, 'slo') });
    default:
      return null;
  }
}

function parsePair(params: URLSearchParams): TracePair | undefined {
  const a = text(params, 'da');
  const b = text(params, 'db');
  return a === undefined || b === undefined ? undefined : { a, b };
}

/** A non-negative number of milliseconds (fractions allowed: 0.5 is 500 µs), else absent. */
function milliseconds(params: URLSearchParams, key: string): number | undefined {
  const raw = params.get(key);
  if (raw === null || !/^\d{1,15}(\.\d{1,6})?$/.test(raw)) return undefined;
  return Number(raw);
}

function parseTime(params: URLSearchParams): TimeRange {
  const last = params.get('last');
  if (last !== null) {
    const lastMs = parseDuration(last);
    return lastMs === null ? { kind: 'all' } : { kind: 'relative', lastMs };
  }
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null && to !== null && NS.test(from) && NS.test(to) && BigInt(from) <= BigInt(to)) {
    return { kind: 'absolute', startNs: stripZeros(from), endNs: stripZeros(to) };
  }
  return { kind: 'all' };
}

/** "15m" → 900000; null for anything else (including 0, which would be an empty range). */
export function parseDuration(value: string): number | null {
  const match = DURATION.exec(value);
  if (match === null) return null;
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  return ms > 0 && ms <= MAX_LAST_MS ? ms : null;
}

/** 900000 → "15m": the largest unit that divides it exactly. */
export function formatDurationParam(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function setTime(params: URLSearchParams, time: TimeRange): void {
  if (time.kind === 'relative') params.set('last', formatDurationParam(time.lastMs));
  if (time.kind === 'absolute') {
    params.set('from', time.startNs);
    params.set('to', time.endNs);
  }
}

function set(params: URLSearchParams, key: string, value: string | undefined): void {
  if (value !== undefined && value !== '') params.set(key, value);
}

function setEdge(params: URLSearchParams, edge: EdgeRef | undefined): void {
  if (edge === undefined) return;
  params.set('src', edge.source);
  params.set('dst', edge.target);
}

function setAttribute(params: URLSearchParams, attribute: AttributeRef | undefined): void {
  if (attribute === undefined) return;
  params.set('ak', attribute.key);
  params.set('av', attribute.value);
}

function parseEdge(params: URLSearchParams): EdgeRef | undefined {
  const source = text(params, 'src');
  const target = text(params, 'dst');
  return source !== undefined && target !== undefined ? { source, target } : undefined;
}

function parseAttribute(params: URLSearchParams): AttributeRef | undefined {
  const key = text(params, 'ak');
  // An empty value is a real value ("" is a valid attribute string); only a missing one means "no attribute".
  const value = params.get('av');
  return key !== undefined && value !== null && value.length <= MAX_TEXT ? { key, value } : undefined;
}

function text(params: URLSearchParams, key: string): string | undefined {
  const value = params.get(key);
  return value === null || value === '' || value.length > MAX_TEXT ? undefined : value;
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function stripZeros(ns: string): string {
  return BigInt(ns).toString();
}

/** Drops undefined fields so a parsed state deep-equals the state it was written from. */
function compact(value: ViewState): ViewState {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as ViewState;
}
