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
import type { Scope } from '../../../shared/model.js';
import { pathText, type JsonPath } from './json-unit.js';
import type { PendingItem, PendingItems } from './pending-items.js';
import { collectMember, objectExpected, valueOf, type Frame, type FrameHost, type MemberUnit, type Replay } from './record-frame.js';

/**
 * Jaeger api_v3's `{"result": {"resourceSpans": [...]}}` and Tempo's `{"trace": {"batches": [...]}}`. Without such a
 * list it is something else, handed back whole.
 */
export class EnvelopeFrame implements Frame {
  private sawBatches = false;
  private readonly rest: Record<string, unknown> = {};
  private readonly path: string;

  constructor(
    private readonly at: JsonPath,
    private readonly format: 'jaeger-api-v3' | 'tempo',
    private readonly records: FrameHost,
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
export class ResourceFrame implements Frame {
  resource: OtlpResource | null = null;
  private readonly held: PendingItems;
  private heldKey = '';
  /** Replays of scoped lists that were opened and closed before the resource was known. */
  private readonly deferred: Replay[] = [];

  constructor(
    readonly path: string,
    private readonly signal: 'spans' | 'logs',
    private readonly records: FrameHost,
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
export class ScopeFrame implements Frame {
  private scope: Scope | null = null;
  private sawScope = false;
  private readonly held: PendingItems;

  constructor(
    private readonly path: string,
    private readonly signal: 'spans' | 'logs',
    private readonly batch: ResourceFrame,
    private readonly records: FrameHost,
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
