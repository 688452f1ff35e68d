import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a reader that caught up with the writer waits before looking again. */
const POLL_MS = 5;
const CHUNK_BYTES = 1 << 20;

/**
 * A file another thread is still writing (a pulled body as it downloads), read as it grows until it is told the
 * file's final size. A pull's body is parsed, and its rows written, while the rest of it still arrives.
 *
 * Whoever writes the file must have created it before the reader starts, and calls `end` only once every byte is
 * written (after the write stream finished). A download that fails never calls `end`: the reader's owner stops it
 * (the parsing thread is terminated), so a reader waiting here is never left polling.
 */
export class GrowingFile {
  private size: number | null = null;

  end(size: number): void {
    this.size = size;
  }

  async *chunks(path: string, onRead: (bytes: number) => void): AsyncGenerator<Buffer> {
    const handle = await open(path, 'r');
    try {
      let position = 0;
      for (;;) {
        // Taken before the read: when set, every byte was written before the read began, so an empty read is the end.
        const ended = this.size;
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
        if (bytesRead > 0) {
          position += bytesRead;
          onRead(bytesRead);
          yield buffer.subarray(0, bytesRead);
          continue;
        }
        if (ended !== null) {
          if (position < ended) throw new Error(`the downloaded file holds ${position} bytes of the ${ended} received`);
          return;
        }
        await sleep(POLL_MS);
      }
    } finally {
      await handle.close();
    }
  }
}
