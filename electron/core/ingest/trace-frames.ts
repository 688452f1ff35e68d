import { JaegerTraceReader } from '../../../shared/formats/jaeger.js';
import { FormatError } from '../../../shared/formats/records.js';
import { describe } from '../../../shared/formats/values.js';
import { isZipkinSpan, type ZipkinParser } from '../../../shared/formats/zipkin.js';
import type { JsonPath } from './json-unit.js';
import type { PendingItems } from './pending-items.js';
import { SpeculationFailed } from './tail-processes.js';
import { collectMember, objectExpected, valueOf, type ElementUnit, type Frame, type FrameHost, type MemberUnit } from './record-frame.js';

/**
 * A Jaeger trace: spans are read at once when they name no process or the processes are known, else held back.
 * Other members are kept: an object without `spans` was not a trace after all, and is handed back whole.
 */
export class JaegerTraceFrame implements Frame {
  private readonly reader: JaegerTraceReader;
  private readonly held: PendingItems;
  private sawSpans = false;
  private readonly rest: Record<string, unknown> = {};
  /** The processes guessed from the file's end, as JSON, until the trace's own confirm them. */
  private guessed: string | null = null;
  /** Whether this trace has asked for the file's guess yet (at its id, or at its first span without one). */
  private asked = false;

  constructor(
    private readonly path: string,
    private readonly records: FrameHost,
    /** Where the object sits, to hand it back whole; null at the top level, where the router keeps the rest. */
    private readonly at: JsonPath | null,
  ) {
    this.reader = new JaegerTraceReader(path, records.sink);
    this.held = records.pending();
  }

  /** The file's guessed processes, if they may be this trace's (tail-processes.ts); asked once, before any span. */
  private ask(traceId: string | null): void {
    this.asked = true;
    const hint = this.records.takeProcessesHint(traceId);
    if (hint !== null) this.guess(hint);
  }

  processes(value: unknown): void {
    // A trace whose own processes came first needs no guess.
    this.asked = true;
    if (this.guessed !== null) {
      if (JSON.stringify(value) !== this.guessed) throw new SpeculationFailed(this.path);
      this.guessed = null;
    }
    this.reader.processes(value);
  }

  /** Reads spans as they stream with processes guessed from the file's end; `processes` or `close` checks the guess. */
  private guess(hint: Record<string, unknown>): void {
    try {
      this.reader.processes(hint);
      this.guessed = JSON.stringify(hint);
    } catch {
      // Not valid processes after all: spans wait for the trace's own, as without a guess.
    }
  }

  member(unit: MemberUnit): void {
    // Jaeger writes a trace's id before its spans; spans that come first ask without one.
    if (!this.asked && unit.key === 'traceID') this.ask(typeof unit.value === 'string' ? unit.value : null);
    if (!this.asked && unit.key === 'spans') this.ask(null);
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
    // A guess no processes member confirmed was read into spans that should have had none.
    if (this.guessed !== null) throw new SpeculationFailed(this.path);
    if (!this.sawSpans && this.at !== null) this.records.whole(this.at, this.rest);
    else this.records.queue({ items: this.held, read: (item) => this.reader.span(valueOf(item, this.spansPath), item.index) });
  }

  private get spansPath(): string {
    return this.path === '' ? 'spans' : `${this.path}.spans`;
  }
}

/** An array at the top of a top-level array: one Zipkin trace, as `/api/v2/traces` answers. */
export class ZipkinTraceFrame implements Frame {
  constructor(
    private readonly path: string,
    private readonly records: FrameHost,
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

