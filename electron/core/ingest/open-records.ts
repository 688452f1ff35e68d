import { JaegerTraceReader } from '../../../shared/formats/jaeger.js';
import {
  otlpLogRecord,
  otlpResource,
  otlpResourceSpans,
  otlpScope,
  otlpScopeLogs,
  otlpScopeSpans,
  otlpSpan,
  type OtlpResource,
} from '../../../shared/formats/otlp.js';
import { FormatError, type RecordSink } from '../../../shared/formats/records.js';
import type { Scope } from '../../../shared/model.js';
import { describe } from '../../../shared/formats/values.js';
import { isZipkinSpan, type ZipkinParser } from '../../../shared/formats/zipkin.js';
import { parseJsonText, pathText, type JsonPath, type Unit } from './json-units.js';
import { PendingItems, type PendingItem } from './pending-items.js';

/**
 * Records too big to parse whole, read as the splitter opens them (json-units.ts): a Jaeger trace, a Zipkin trace,
 * an OTLP ResourceSpans/ResourceLogs and its scoped lists, and the envelopes around them (Jaeger api_v3's `result`,
 * Tempo's `trace`). Each opened record is a frame; its members arrive one by one, its list elements (spans, log
 * records) are read as soon as what they need is known (the trace's processes, the batch's resource and scope) and
 * held back in PendingItems until then. Held-back items are read when the record closes, as a Replay, which the
 * caller runs between batches so memory stays bounded.
 */

type RecordKind = 'top-element' | 'jaeger-trace' | 'api-v3' | 'tempo-trace' | 'resource-spans' | 'resource-logs' | 'scope-spans' | 'scope-logs';

/** What kind of record sits at `path`, if it is one that may be opened. */
export function openableKind(path: JsonPath): RecordKind | null {
  const last = path[path.length - 1];
  if (path.length === 1) {
    if (typeof last === 'number') return 'top-element';
    return last === 'result' ? 'api-v3' : last === 'trace' ? 'tempo-trace' : null;
  }
  if (typeof last !== 'number' || path.length < 2) return null;
  const list = path[path.length - 2];
  const parent = path.length === 2 ? 'top' : openableKind(path.slice(0, -2));
  if (parent === 'top' && list === 'data') return 'jaeger-trace';
  if ((list === 'resourceSpans' || list === 'batches') && (parent === 'top' || parent === 'api-v3' || parent === 'tempo-trace')) {
    return 'resource-spans';
  }
  if (list === 'resourceLogs' && parent === 'top') return 'resource-logs';
  if ((list === 'scopeSpans' || list === 'instrumentationLibrarySpans') && parent === 'resource-spans') return 'scope-spans';
  if ((list === 'scopeLogs' || list === 'instrumentationLibraryLogs') && parent === 'resource-logs') return 'scope-logs';
  return null;
}

/** Held-back items and how to read each, once the record they belong to has closed. */
export interface Replay {
  items: PendingItems;
  read(item: PendingItem): void;
}

/** A held-back item's value; `path` names the list it was in (`data[0].spans`). */
function valueOf(item: PendingItem, path: string): unknown {
  return parseJsonText(item.text, item.offset, `${path}[${item.index}]`);
}

type MemberUnit = Extract<Unit, { type: 'member' }>;
type ElementUnit = Extract<Unit, { type: 'element' }>;

interface Frame {
  member(unit: MemberUnit): void;
  element(unit: ElementUnit): void;
  close(): void;
}

export interface OpenRecordsHost {
  sink: RecordSink;
  zipkin: ZipkinParser;
  /** The record's format, once its shape says it (marks the file's formats). */
  mark(format: 'otlp-json' | 'tempo' | 'jaeger-api-v3' | 'jaeger-json' | 'zipkin-v2'): void;
  /**
   * An opened record turned out not to be what its place suggested (a big span object in a top-level array, not a
   * trace): here it is, rebuilt from its members, to be read as if it had never been opened.
   */
  whole(path: JsonPath, value: Record<string, unknown>): void;
}

/** Adds a member unit to an object being rebuilt: an array member's elements arrive one by one. */
export function collectMember(target: Record<string, unknown>, key: string, index: number, value: unknown): void {
  if (index < 0) {
    target[key] = value;
    return;
  }
  const list = target[key];
  if (Array.isArray(list)) list.push(value);
  else target[key] = [value];
}

export class OpenRecords {
  private readonly frames: Frame[] = [];
  private readonly replays: Replay[] = [];
  private readonly allPending: PendingItems[] = [];

  constructor(private readonly host: OpenRecordsHost) {}

  canOpen = (path: JsonPath): boolean => openableKind(path) !== null;

  unit(unit: Unit): void {
    switch (unit.type) {
      case 'begin': {
        const parent = this.frames[this.frames.length - 1];
        if (parent instanceof EnvelopeFrame) parent.opened(unit.record);
        this.frames.push(this.frameFor(unit.record, unit.container));
        return;
      }
      case 'member':
        this.top().member(unit);
        return;
      case 'element':
        this.top().element(unit);
        return;
      case 'end':
        this.frames.pop()!.close();
    }
  }

  /** A trace object at the document's top level (`{"traceID", "spans": [...], "processes"}`), read as it streams. */
  topLevelTrace(): JaegerTraceFrame {
    return new JaegerTraceFrame('', this, null);
  }

  /** The replays ready to run, oldest first; each is handed out once. */
  takeReplays(): Replay[] {
    return this.replays.splice(0);
  }

  /** Removes every temporary file, read or not (the import may have failed before reading it). */
  dispose(): void {
    for (const pending of this.allPending) pending.dispose();
    this.allPending.length = 0;
  }

  /** For frames: held-back items of their own. */
  pending(): PendingItems {
    const pending = new PendingItems();
    this.allPending.push(pending);
    return pending;
  }

  /** For frames: a replay to run now, after the units read so far. */
  queue(replay: Replay): void {
    if (replay.items.count > 0) this.replays.push(replay);
  }

  get sink(): RecordSink {
    return this.host.sink;
  }

  get mark(): OpenRecordsHost['mark'] {
    return this.host.mark;
  }

  get whole(): OpenRecordsHost['whole'] {
    return this.host.whole;
  }

  private top(): Frame {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) throw new Error('a unit arrived outside any opened record');
    return frame;
  }

  private frameFor(path: JsonPath, container: 'object' | 'array'): Frame {
    const kind = openableKind(path)!;
    const text = pathText(path);
    const parent = this.frames[this.frames.length - 1];
    switch (kind) {
      case 'top-element':
        if (container === 'array') return new ZipkinTraceFrame(text, this, this.host.zipkin);
        return new JaegerTraceFrame(text, this, path);
      case 'jaeger-trace':
        return new JaegerTraceFrame(text, this, path);
      case 'api-v3':
      case 'tempo-trace':
        return new EnvelopeFrame(path, kind === 'api-v3' ? 'jaeger-api-v3' : 'tempo', this);
      case 'resource-spans':
      case 'resource-logs':
        // Inside an envelope, the envelope says the format.
        if (path.length === 2) this.host.mark(path[0] === 'batches' ? 'tempo' : 'otlp-json');
        return new ResourceFrame(text, kind === 'resource-spans' ? 'spans' : 'logs', this);
      case 'scope-spans':
      case 'scope-logs':
        return new ScopeFrame(text, kind === 'scope-spans' ? 'spans' : 'logs', parent as ResourceFrame, this);
    }
  }
}

function objectExpected(path: string, container: 'object' | 'array'): never {
  throw new FormatError(path, `expected an object, got ${container === 'array' ? 'an array' : 'something else'}`);
}

/**
 * A Jaeger trace: spans are read at once when they name no process or the processes are known, else held back.
 * Other members are kept: an object without `spans` was not a trace after all, and is handed back whole.
 */
export class JaegerTraceFrame implements Frame {
  private readonly reader: JaegerTraceReader;
  private readonly held: PendingItems;
  private sawSpans = false;
  private readonly rest: Record<string, unknown> = {};

  constructor(
    private readonly path: string,
    private readonly records: OpenRecords,
    /** Where the object sits, to hand it back whole; null at the top level, where the router keeps the rest. */
    private readonly at: JsonPath | null,
  ) {
    this.reader = new JaegerTraceReader(path, records.sink);
    this.held = records.pending();
  }

  processes(value: unknown): void {
    this.reader.processes(value);
  }

  member(unit: MemberUnit): void {
    if (unit.key !== 'spans') {
      if (unit.key === 'processes') this.processes(unit.value);
      if (this.at !== null) collectMember(this.rest, unit.key, unit.index, unit.value);
      return;
    }
    if (!this.sawSpans) this.records.mark('jaeger-json');
    this.sawSpans = true;
    if (unit.index >= 0) this.span(unit);
    else if (!Array.isArray(unit.value)) throw new FormatError(this.spansPath, `expected an array, got ${describe(unit.value)}`);
  }

  element(): void {
    objectExpected(this.path, 'array');
  }

  /**
   * Held back, unparsed, while the processes are unknown if it may name one: a span whose text has no `"processID"`
   * (and no escape that could spell it) needs none.
   */
  private span(unit: MemberUnit): void {
    if (!this.reader.hasProcesses && (unit.text.includes('"processID"') || unit.text.includes('\\u'))) {
      this.held.add(unit.index, unit.offset, unit.text);
    } else this.reader.span(unit.value, unit.index);
  }

  close(): void {
    if (!this.sawSpans && this.at !== null) this.records.whole(this.at, this.rest);
    else this.records.queue({ items: this.held, read: (item) => this.reader.span(valueOf(item, this.spansPath), item.index) });
  }

  private get spansPath(): string {
    return this.path === '' ? 'spans' : `${this.path}.spans`;
  }
}

/** An array at the top of a top-level array: one Zipkin trace, as `/api/v2/traces` answers. */
class ZipkinTraceFrame implements Frame {
  constructor(
    private readonly path: string,
    private readonly records: OpenRecords,
    private readonly zipkin: ZipkinParser,
  ) {
    records.mark('zipkin-v2');
  }

  member(): void {
    objectExpected(this.path, 'object');
  }

  element(unit: ElementUnit): void {
    const path = `${this.path}[${unit.index}]`;
    if (!isZipkinSpan(unit.value)) throw new FormatError(path, 'not a Zipkin v2 span');
    this.zipkin.span(unit.value, path, this.records.sink);
  }

  close(): void {
    this.zipkin.flush(this.records.sink);
  }
}

/**
 * Jaeger api_v3's `{"result": {"resourceSpans": [...]}}` and Tempo's `{"trace": {"batches": [...]}}`. Without such a
 * list it is something else, handed back whole.
 */
class EnvelopeFrame implements Frame {
  private sawBatches = false;
  private readonly rest: Record<string, unknown> = {};
  private readonly path: string;

  constructor(
    private readonly at: JsonPath,
    private readonly format: 'jaeger-api-v3' | 'tempo',
    private readonly records: OpenRecords,
  ) {
    this.path = pathText(at);
  }

  /** A batch of the envelope's list was itself opened. */
  opened(path: JsonPath): void {
    if (isBatchList(path[path.length - 2])) this.saw();
  }

  member(unit: MemberUnit): void {
    if (!isBatchList(unit.key)) {
      collectMember(this.rest, unit.key, unit.index, unit.value);
      return;
    }
    this.saw();
    if (unit.index >= 0) otlpResourceSpans(unit.value, `${this.path}.${unit.key}[${unit.index}]`, this.records.sink);
  }

  element(): void {
    objectExpected(this.path, 'array');
  }

  close(): void {
    if (!this.sawBatches) this.records.whole(this.at, this.rest);
  }

  private saw(): void {
    if (!this.sawBatches) this.records.mark(this.format);
    this.sawBatches = true;
  }
}

function isBatchList(key: unknown): boolean {
  return key === 'resourceSpans' || key === 'batches';
}

/** One ResourceSpans or ResourceLogs: its scoped lists need its resource, which producers write first. */
class ResourceFrame implements Frame {
  resource: OtlpResource | null = null;
  private readonly held: PendingItems;
  private heldKey = '';
  /** Replays of scoped lists that were opened and closed before the resource was known. */
  private readonly deferred: Replay[] = [];

  constructor(
    readonly path: string,
    private readonly signal: 'spans' | 'logs',
    private readonly records: OpenRecords,
  ) {
    this.held = records.pending();
  }

  member(unit: MemberUnit): void {
    if (unit.key === 'resource') {
      this.resource = otlpResource(unit.value, `${this.path}.resource`);
      return;
    }
    const scoped = this.signal === 'spans' ? ['scopeSpans', 'instrumentationLibrarySpans'] : ['scopeLogs', 'instrumentationLibraryLogs'];
    if (unit.index < 0 || !scoped.includes(unit.key)) return;
    if (this.resource !== null) this.readScoped(unit.value, unit.key, unit.index);
    else {
      this.heldKey = unit.key;
      this.held.add(unit.index, unit.offset, unit.text);
    }
  }

  element(): void {
    objectExpected(this.path, 'array');
  }

  defer(replay: Replay): void {
    this.deferred.push(replay);
  }

  close(): void {
    this.resource ??= otlpResource(undefined, '');
    const read = (item: PendingItem) => this.readScoped(valueOf(item, `${this.path}.${this.heldKey}`), this.heldKey, item.index);
    this.records.queue({ items: this.held, read });
    for (const replay of this.deferred) this.records.queue(replay);
  }

  private readScoped(value: unknown, key: string, index: number): void {
    const path = `${this.path}.${key}[${index}]`;
    if (this.signal === 'spans') otlpScopeSpans(value, path, this.resource!, this.records.sink);
    else otlpScopeLogs(value, path, this.resource!, this.records.sink);
  }
}

/** One ScopeSpans or ScopeLogs inside an opened batch: its spans or log records need the scope and the resource. */
class ScopeFrame implements Frame {
  private scope: Scope | null = null;
  private sawScope = false;
  private readonly held: PendingItems;

  constructor(
    private readonly path: string,
    private readonly signal: 'spans' | 'logs',
    private readonly batch: ResourceFrame,
    private readonly records: OpenRecords,
  ) {
    this.held = records.pending();
  }

  member(unit: MemberUnit): void {
    if (unit.key === 'scope' || unit.key === 'instrumentationLibrary') {
      this.scope = otlpScope(unit.value, `${this.path}.scope`);
      this.sawScope = true;
      return;
    }
    if (unit.key !== (this.signal === 'spans' ? 'spans' : 'logRecords') || unit.index < 0) return;
    if (this.sawScope && this.batch.resource !== null) this.read(unit.value, unit.index);
    else this.held.add(unit.index, unit.offset, unit.text);
  }

  element(): void {
    objectExpected(this.path, 'array');
  }

  close(): void {
    const list = `${this.path}.${this.signal === 'spans' ? 'spans' : 'logRecords'}`;
    const replay: Replay = { items: this.held, read: (item) => this.read(valueOf(item, list), item.index) };
    // Until the batch has its resource, nothing of this list can be read: the batch runs it when it closes.
    if (this.batch.resource === null) this.batch.defer(replay);
    else this.records.queue(replay);
  }

  private read(value: unknown, index: number): void {
    if (this.signal === 'spans') otlpSpan(value, `${this.path}.spans[${index}]`, this.batch.resource!, this.scope, this.records.sink);
    else otlpLogRecord(value, `${this.path}.logRecords[${index}]`, this.batch.resource!, this.scope, this.records.sink);
  }
}
