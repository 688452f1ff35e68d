import { FormatError, type RecordSink } from '../../../shared/formats/records.js';
import { parseJsonText, type JsonPath, type Unit } from './json-unit.js';
import type { PendingItem, PendingItems } from './pending-items.js';

/**
 * What every reader of an opened record (open-records.ts) works with: the units it is handed, what it may ask of
 * the import around it, and the held-back items it replays once what they need is known.
 */
export type MemberUnit = Extract<Unit, { type: 'member' }>;
export type ElementUnit = Extract<Unit, { type: 'element' }>;

/** One opened record being read: its members (objects) or elements (arrays), then its end. */
export interface Frame {
  member(unit: MemberUnit): void;
  element(unit: ElementUnit): void;
  close(): void;
}

/** Held-back items and how to read each, once the record they belong to has closed. */
export interface Replay {
  items: PendingItems;
  read(item: PendingItem): void;
}

export type FormatMark = 'otlp-json' | 'tempo' | 'jaeger-api-v3' | 'jaeger-json' | 'zipkin-v2';

/** What a frame may ask of the import it is part of. */
export interface FrameHost {
  readonly sink: RecordSink;
  /** The record's format, once its shape says it (marks the file's formats). */
  mark(format: FormatMark): void;
  /**
   * An opened record turned out not to be what its place suggested (a big span object in a top-level array, not a
   * trace): here it is, rebuilt from its members, to be read as if it had never been opened.
   */
  whole(path: JsonPath, value: Record<string, unknown>): void;
  /** Held-back items of the frame's own (removed with the import's other temporary files). */
  pending(): PendingItems;
  /** A replay to run now, after the units read so far. */
  queue(replay: Replay): void;
  /**
   * The processes read from the file's end (tail-processes.ts), handed to the first Jaeger trace that asks and may
   * have them (its id is theirs, or one of the two is unknown); else null.
   */
  takeProcessesHint(traceId: string | null): Record<string, unknown> | null;
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

/** A held-back item's value; `path` names the list it was in (`data[0].spans`). */
export function valueOf(item: PendingItem, path: string): unknown {
  return parseJsonText(item.text, item.offset, `${path}[${item.index}]`);
}

export function objectExpected(path: string, container: 'object' | 'array'): never {
  throw new FormatError(path, `expected an object, got ${container === 'array' ? 'an array' : 'something else'}`);
}
