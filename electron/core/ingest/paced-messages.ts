/**
 * Hands messages to `handle` in slices of at most `sliceMs`, yielding to the event loop between slices. A worker's
 * MessagePort delivers every queued message in one go, and a parser with batches in flight keeps that queue full
 * whenever the writer is the slower side: the API thread then answered nothing until the whole file was written
 * (9.9 s for an 800k-span file; the page could not even cancel it). `stop` drops whatever is still queued.
 */
export class PacedMessages<T> {
  private readonly queue: T[] = [];
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly handle: (message: T) => void,
    private readonly sliceMs = 20,
  ) {}

  push(message: T): void {
    if (this.stopped) return;
    this.queue.push(message);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private drain(): void {
    const started = performance.now();
    while (this.queue.length > 0 && !this.stopped && performance.now() - started < this.sliceMs) this.handle(this.queue.shift()!);
    if (this.queue.length > 0 && !this.stopped) setImmediate(() => this.drain());
    else this.scheduled = false;
  }
}
