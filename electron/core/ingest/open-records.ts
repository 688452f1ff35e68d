import type { RecordSink } from '../../../shared/formats/records.js';
import type { ZipkinParser } from '../../../shared/formats/zipkin.js';
import { pathText, type JsonPath, type Unit } from './json-unit.js';
import { EnvelopeFrame, ResourceFrame, ScopeFrame } from './otlp-frames.js';
import { PendingItems } from './pending-items.js';
import type { FormatMark, Frame, FrameHost, Replay } from './record-frame.js';
import { JaegerTraceFrame, ZipkinTraceFrame } from './trace-frames.js';
import type { ProcessesHint } from './tail-processes.js';

/**
 * Records too big to parse whole, read as the splitter opens them (json-units.ts): a Jaeger trace, a Zipkin trace,
 * an OTLP ResourceSpans/ResourceLogs and its scoped lists, and the envelopes around them (Jaeger api_v3's `result`,
 * Tempo's `trace`). Each opened record is a frame; its members arrive one by one, its list elements (spans, log
 * records) are read as soon as what they need is known (the trace's processes, the batch's resource and scope) and
 * held back in PendingItems until then. Held-back items are read when the record closes, as a Replay, which the
 * caller runs between batches so memory stays bounded.
 */

type RecordKind = 'top-element' | 'jaeger-trace' | 'api-v3' | 'tempo-trace' | 'resource-spans' | 'resource-logs' | 'scope-spans' | 'scope-logs';

/**
 * Records whose items need nothing that comes after them (see OpenRecords.canOpen): OTLP's, Zipkin's arrays, and the
 * envelopes around OTLP batches (Jaeger api_v3's `result`, Tempo v2's `trace`), which only pass their batches on.
 */
const OPENS_AT_ONCE: ReadonlySet<RecordKind> = new Set<RecordKind>(['resource-spans', 'scope-spans', 'resource-logs', 'scope-logs', 'top-element', 'api-v3', 'tempo-trace']);
/** Records that may hold their items back open only past this many times the splitter's openAbove (8 MiB). */
const HELD_BACK_FACTOR = 8;

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

export interface OpenRecordsHost {
  sink: RecordSink;
  zipkin: ZipkinParser;
  /** The record's format, once its shape says it (marks the file's formats). */
  mark(format: FormatMark): void;
  /**
   * An opened record turned out not to be what its place suggested (a big span object in a top-level array, not a
   * trace): here it is, rebuilt from its members, to be read as if it had never been opened.
   */
  whole(path: JsonPath, value: Record<string, unknown>): void;
  /** The processes at the file's end, for the opened Jaeger trace they belong to (tail-processes.ts). */
  processesHint?: ProcessesHint | null;
}

export class OpenRecords implements FrameHost {
  private readonly frames: Frame[] = [];
  private readonly replays: Replay[] = [];
  private readonly allPending: PendingItems[] = [];

  private processesHint: ProcessesHint | null;

  constructor(private readonly host: OpenRecordsHost) {
    this.processesHint = host.processesHint ?? null;
  }

  takeProcessesHint(traceId: string | null): Record<string, unknown> | null {
    const hint = this.processesHint;
    // Another trace's processes: kept for the trace they belong to (a file's end holds its last trace's).
    if (hint === null || (hint.traceId !== null && traceId !== null && sameId(hint.traceId) !== sameId(traceId))) return null;
    this.processesHint = null;
    return hint.processes;
  }

  /**
   * OTLP records open as soon as the splitter allows: their resource and scope come before their items, so nothing
   * waits (and a big one's first rows come sooner). Other Jaeger and Tempo traces open only past HELD_BACK_FACTOR times
   * the splitter's size: an opened trace keeps its spans back until its processes come (Jaeger writes those last,
   * unless the file's end told them: a single trace), which costs ~10% on a file of 3 MB traces. A file's first
   * record opens at once too, for its first rows: one trace held back at most.
   */
  canOpen = (path: JsonPath, size: number, openAbove: number): boolean => {
    const kind = openableKind(path);
    if (kind === null) return false;
    return OPENS_AT_ONCE.has(kind) || path[path.length - 1] === 0 || size > openAbove * HELD_BACK_FACTOR;
  };

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

  /** Held-back items of a frame's own. */
  pending(): PendingItems {
    const pending = new PendingItems();
    this.allPending.push(pending);
    return pending;
  }

  /** A frame's replay, to run after the units read so far. */
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

/** A trace id as compared with the file's guess: 64-bit ids may come padded to 128 bits in one place and not another. */
function sameId(id: string): string {
  return id.toLowerCase().replace(/^0+/, '');
}
