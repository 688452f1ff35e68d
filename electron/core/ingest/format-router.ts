import { isJaegerSpan, isJaegerTrace, jaegerSpan, jaegerTrace } from '../../../shared/formats/jaeger.js';
import { otlpResourceLogs, otlpResourceSpans } from '../../../shared/formats/otlp.js';
import { FormatError, type RecordSink } from '../../../shared/formats/records.js';
import { describe, isObject } from '../../../shared/formats/values.js';
import { createZipkinParser, isZipkinSpan, isZipkinV1Span } from '../../../shared/formats/zipkin.js';
import type { Unit } from './json-unit.js';
import { LoadWarnings } from './load-warnings.js';
import { OpenRecords } from './open-records.js';
import { collectMember } from './record-frame.js';
import type { JaegerTraceFrame } from './trace-frames.js';
import type { ProcessesHint } from './tail-processes.js';

/**
 * Detects the format of each top-level JSON value from its content (never from the file name) and hands its units
 * to the right parser. Big arrays are streamed element by element; any other members are collected and the value
 * is classified when it closes (a bare Jaeger trace may list `processes` after `spans`).
 */
export type FormatName = 'otlp-json' | 'tempo' | 'jaeger-api-v3' | 'jaeger-json' | 'zipkin-v2';

/** Members that make a top-level object an OTLP export; their elements are streamed one by one. */
const OTLP_KEYS = ['resourceSpans', 'resourceLogs', 'resourceMetrics', 'batches'] as const;

export class FormatRouter {
  readonly formats = new Set<FormatName>();
  /** OTLP metrics are valid input that Casefile does not store; counted so the user is told. */
  skippedMetrics = 0;
  private collected: Record<string, unknown> = {};
  private streamed = false;
  private container: 'object' | 'array' = 'object';
  private values = 0;
  private readonly zipkin = createZipkinParser();
  readonly warnings = new LoadWarnings();
  private readonly sink: RecordSink;
  /** Records the splitter opened because they were too big to parse whole. */
  readonly opened: OpenRecords;
  /** A trace object at the top level (`{"traceID", "spans": [...]}`), whose spans are read as they stream. */
  private topTrace: JaegerTraceFrame | null = null;

  constructor(records: RecordSink, processesHint: ProcessesHint | null = null) {
    this.sink = {
      span: (record) => records.span(record),
      log: (record) => records.log(record),
      warn: (message, traceId) => this.warnings.add(message, traceId),
    };
    this.opened = new OpenRecords({
      processesHint,
      sink: this.sink,
      zipkin: this.zipkin,
      mark: (format) => this.mark(format),
      whole: (path, value) => {
        const [first, second] = path;
        if (typeof first === 'number') this.element(first, value);
        else this.member(first!, typeof second === 'number' ? second : -1, value);
      },
    });
  }

  unit(unit: Unit): void {
    if (unit.record.length > 0) {
      this.opened.unit(unit);
      return;
    }
    switch (unit.type) {
      case 'begin':
        this.collected = {};
        this.streamed = false;
        this.container = unit.container;
        this.values++;
        return;
      case 'member':
        if (this.topLevelTrace(unit)) return;
        this.member(unit.key, unit.index, unit.value);
        return;
      case 'element':
        this.element(unit.index, unit.value);
        return;
      case 'end':
        this.topTrace?.close();
        this.topTrace = null;
        // An empty top-level array (`[]`, what Zipkin answers when nothing matched) is an empty import.
        if (!this.streamed && this.container === 'object') this.classifyCollected();
        this.zipkin.flush(this.sink);
        this.collected = {};
    }
  }

  /** Call after the last unit: a file in which nothing was recognised is refused rather than imported as empty. */
  finish(): void {
    this.zipkin.flush(this.sink);
    if (this.values === 0) throw new FormatError('', 'the file is empty');
  }

  /**
   * A bare Jaeger trace's spans are read as they arrive rather than collected until the object closes (a trace of a
   * million spans would be held whole). Its `processes` go to it too; true when the unit was taken.
   */
  private topLevelTrace(unit: Extract<Unit, { type: 'member' }>): boolean {
    if (unit.key === 'spans' && unit.index >= 0 && (this.topTrace !== null || isJaegerSpan(unit.value))) {
      if (this.topTrace === null) {
        this.topTrace = this.opened.topLevelTrace();
        if (this.collected.processes !== undefined) this.topTrace.processes(this.collected.processes);
      }
      this.topTrace.member(unit);
      return true;
    }
    if (unit.key === 'processes' && this.topTrace !== null) {
      this.topTrace.member(unit);
      return true;
    }
    return false;
  }

  private member(key: string, index: number, value: unknown): void {
    const path = index >= 0 ? `${key}[${index}]` : key;
    if (index >= 0 && (key === 'resourceSpans' || key === 'batches')) {
      this.mark(key === 'batches' ? 'tempo' : 'otlp-json');
      otlpResourceSpans(value, path, this.sink);
    } else if (index >= 0 && key === 'resourceLogs') {
      this.mark('otlp-json');
      otlpResourceLogs(value, path, this.sink);
    } else if (index >= 0 && key === 'resourceMetrics') {
      this.mark('otlp-json');
      this.skippedMetrics++;
    } else if (index >= 0 && key === 'data' && isJaegerTrace(value)) {
      this.mark('jaeger-json');
      jaegerTrace(value, path, this.sink);
    } else {
      collectMember(this.collected, key, index, value);
    }
  }

  private mark(format: FormatName): void {
    this.formats.add(format);
    this.streamed = true;
  }

  private element(index: number, value: unknown): void {
    const path = `[${index}]`;
    if (isZipkinSpan(value)) {
      this.mark('zipkin-v2');
      this.zipkin.span(value, path, this.sink);
    } else if (isJaegerSpan(value)) {
      this.mark('jaeger-json');
      jaegerSpan(value, path, null, this.sink);
    } else if (isJaegerTrace(value)) {
      this.mark('jaeger-json');
      jaegerTrace(value, path, this.sink);
    } else if (Array.isArray(value) && value.every(isZipkinSpan)) {
      // /api/v2/traces answers with an array of traces, each an array of spans.
      this.mark('zipkin-v2');
      value.forEach((span, i) => this.zipkin.span(span, `${path}[${i}]`, this.sink));
      this.zipkin.flush(this.sink);
    } else if (isZipkinV1Span(value)) {
      throw new FormatError(path, 'this is the Zipkin v1 format (annotations with endpoints); export Zipkin v2 JSON instead');
    } else {
      throw new FormatError(path, 'not a Zipkin v2 span, a Jaeger span or a Jaeger trace');
    }
  }

  private classifyCollected(): void {
    const value = this.collected;
    const result = value.result;
    const trace = value.trace;
    if (isObject(result) && Array.isArray(result.resourceSpans)) {
      this.mark('jaeger-api-v3');
      result.resourceSpans.forEach((batch, i) => otlpResourceSpans(batch, `result.resourceSpans[${i}]`, this.sink));
    } else if (isObject(trace) && (Array.isArray(trace.resourceSpans) || Array.isArray(trace.batches))) {
      this.mark('tempo');
      const batches = (trace.resourceSpans ?? trace.batches) as unknown[];
      batches.forEach((batch, i) => otlpResourceSpans(batch, `trace.resourceSpans[${i}]`, this.sink));
    } else if (isJaegerTrace(value)) {
      this.mark('jaeger-json');
      jaegerTrace(value, '', this.sink);
    } else if (isZipkinSpan(value)) {
      this.mark('zipkin-v2');
      this.zipkin.span(value, '', this.sink);
    } else if (isJaegerSpan(value)) {
      // One span document, as Jaeger's Elasticsearch/OpenSearch storage keeps them (inline `process`).
      this.mark('jaeger-json');
      jaegerSpan(value, '', null, this.sink);
    } else if ('errors' in value && Array.isArray(value.errors) && value.errors.length > 0) {
      throw new FormatError('errors', `the file is a Jaeger error response: ${errorsText(value.errors)}`);
    } else if (Array.isArray(value.data) && value.data.length === 0) {
      this.mark('jaeger-json'); // an empty Jaeger search result
    } else if (Array.isArray(value.data)) {
      throw new FormatError('data[0]', 'not a Jaeger trace (is this a Jaeger dependencies response?)');
    } else if ('errors' in value && 'total' in value) {
      this.mark('jaeger-json'); // an empty Jaeger search result with `data: null`
    } else if (OTLP_KEYS.some((key) => key in value)) {
      this.emptyOtlp(value);
    } else {
      const keys = Object.keys(value).slice(0, 8).join(', ');
      throw new FormatError('', `not a recognised trace or log format (top-level keys: ${keys || 'none'})`);
    }
  }

  /**
   * `{"resourceSpans": []}` and friends: an export with nothing in it, which the receiver accepts too, so it is an
   * empty import. Non-empty arrays were streamed before the object closed; anything else under these keys is wrong.
   */
  private emptyOtlp(value: Record<string, unknown>): void {
    for (const key of OTLP_KEYS) {
      if (!(key in value)) continue;
      const member = value[key];
      if (!Array.isArray(member)) throw new FormatError(key, `expected an array, got ${describe(member)}`);
      this.mark(key === 'batches' ? 'tempo' : 'otlp-json');
    }
  }
}

/** The messages of a Jaeger error response, shown only as deep as needed: a hostile, deeply nested list must not overflow the stack. */
function errorsText(errors: unknown[]): string {
  const text = errors.map((e) => (isObject(e) && typeof e.msg === 'string' ? e.msg : describe(e))).join('; ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
