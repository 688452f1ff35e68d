/**
 * SQLite has one writer, and the write connection is shared by imports, pulls and the OTLP receiver. Their
 * transactions span awaits (a worker parses while this thread inserts), so two of them could interleave on the same
 * connection ("cannot start a transaction within a transaction", or one's rows landing in the other's transaction).
 * Every writer runs its whole transaction through this one queue instead.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly written: (() => void)[] = [];

  /** Runs `work` after every earlier one has settled; its result or error is the caller's alone. */
  run<T>(work: () => Promise<T> | T): Promise<T> {
    // Listeners hear of a write before its caller does, so whoever awaits it can count on what they started.
    const next = this.tail.then(work, work).finally(() => {
      for (const listener of this.written) listener();
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Called after each write settles (what is derived from the cache refreshes then); must not throw. */
  onWritten(listener: () => void): void {
    this.written.push(listener);
  }
}
