/**
 * Commits in call order, and keeps what another process's write lock holds up. A commit that
 * fails because the file is locked (longer than the busy timeout) waits in memory with every
 * commit after it, and is tried again until the lock is released: nothing the proxy forwarded
 * is dropped because someone held the file for a while. Memory is bounded; past the bound a
 * commit is refused, loudly, with the number of exchanges waiting.
 */
import { StorageError, explainSqliteError } from './storage-error.ts';

export interface OrderedCommitsOptions {
  /** The file, for the sentences. */
  readonly path: string;
  /** Told once when commits start waiting, once when the bound is reached, and once when the lock is released. */
  readonly onNotice: (notice: Error) => void;
  /** The most the waiting commits may hold; default 256 MiB. */
  readonly maxWaitingBytes?: number;
  /** Pause between attempts (each attempt itself waits the busy timeout); default 50 ms. */
  readonly retryPauseMs?: number;
}

interface Waiting {
  readonly commit: () => void;
  readonly exchanges: number;
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export const DEFAULT_MAX_WAITING_BYTES = 256 * 1024 * 1024;

export class OrderedCommits {
  private readonly waiting: Waiting[] = [];
  private waitingBytes = 0;
  private waitingExchanges = 0;
  private lockedSinceMs = 0;
  private dropped = 0;
  private full: StorageError | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: OrderedCommitsOptions) {}

  /** Whether commits are waiting for another process's lock. */
  get holding(): boolean {
    return this.waiting.length > 0;
  }

  /**
   * Runs `commit` now, or after the commits already waiting. Resolves once it is committed;
   * rejects when it fails for another reason than the lock, or when the waiting bound is reached.
   */
  run(exchanges: number, bytes: number, commit: () => void): Promise<void> {
    if (this.waiting.length === 0) {
      try {
        commit();
        return Promise.resolve();
      } catch (error) {
        const explained = explainSqliteError(this.options.path, error);
        if (!isLocked(explained)) return Promise.reject(explained);
        this.lockedSinceMs = Date.now();
      }
    } else if (this.waitingBytes + bytes > (this.options.maxWaitingBytes ?? DEFAULT_MAX_WAITING_BYTES)) {
      this.dropped += exchanges;
      this.full ??= this.fullError();
      return Promise.reject(this.full);
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ commit, exchanges, bytes, resolve, reject });
      this.waitingBytes += bytes;
      this.waitingExchanges += exchanges;
      if (this.waiting.length === 1) {
        this.options.onNotice(
          new StorageError(
            'locked',
            `${this.options.path} is locked by another process (a recording, import or sqlite3 shell holding a write transaction?). Keeping new exchanges in memory and retrying until it is released; release the lock to let them be written.`,
          ),
        );
        this.schedule();
      }
    });
  }

  /** Stops retrying; what still waits is refused with the reason. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const left = this.waiting.splice(0);
    if (left.length === 0) return;
    const error = new StorageError('locked', `${this.options.path} stayed locked by another process until the recorder stopped; ${this.waitingExchanges} exchanges waiting in memory were not written.`);
    for (const waiting of left) waiting.reject(error);
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.retry(), this.options.retryPauseMs ?? 50);
  }

  private retry(): void {
    this.timer = null;
    while (this.waiting.length > 0) {
      const head = this.waiting[0] as Waiting;
      try {
        head.commit();
        head.resolve();
      } catch (error) {
        const explained = explainSqliteError(this.options.path, error);
        if (isLocked(explained)) {
          this.schedule();
          return;
        }
        head.reject(explained);
      }
      this.waiting.shift();
      this.waitingBytes -= head.bytes;
      this.waitingExchanges -= head.exchanges;
    }
    const seconds = ((Date.now() - this.lockedSinceMs) / 1000).toFixed(1);
    const lost = this.dropped > 0 ? ` ${this.dropped} exchanges that arrived while memory was full were not recorded.` : '';
    this.options.onNotice(new StorageError('locked', `${this.options.path} is writable again after ${seconds} s; every waiting exchange is written, in order.${lost}`));
    this.dropped = 0;
    this.full = null;
  }

  private fullError(): StorageError {
    const mib = Math.round(this.waitingBytes / (1024 * 1024));
    return new StorageError(
      'locked',
      `${this.options.path} has been locked by another process for ${((Date.now() - this.lockedSinceMs) / 1000).toFixed(1)} s and ${this.waitingExchanges} exchanges (${mib} MiB) are waiting in memory, the most the recorder keeps: new exchanges are not recorded until the lock is released. Stop the process holding it.`,
    );
  }
}

function isLocked(error: unknown): boolean {
  return error instanceof StorageError && error.code === 'locked';
}
