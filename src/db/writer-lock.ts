/**
 * One writer at a time per database path. provision replaces the file at the path, so a lock
 * inside the database would be left behind on the old file: the lock is a companion file beside
 * it, `<database>.lock`, which codebook never replaces or deletes, held as an exclusive SQLite
 * transaction. That is a POSIX lock the kernel releases when its process ends, however it ends;
 * a writer that finds it held waits, saying so, and gives up after a bounded time having
 * changed nothing.
 */
import Database from 'better-sqlite3';

export interface WriterOptions {
  /** How long to wait for another writer (and, for an ingest's commit, for readers); default 60 s. */
  readonly waitMs?: number;
  /** Told once when the command starts waiting, with a message for the person running it. */
  readonly onWait?: (message: string) => void;
}

export const DEFAULT_WAIT_MS = 60_000;
const POLL_MS = 50;

/** Another writer held the database for longer than the wait; nothing was changed. */
export class WriterBusyError extends Error {
  override name = 'WriterBusyError';
}

export interface WriterLock {
  release(): void;
}

const lockPathFor = (target: string): string => `${target}.lock`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isBusy = (e: unknown): boolean => (e as { code?: string }).code === 'SQLITE_BUSY';
export const waitText = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * Runs `attempt` until it stops failing with SQLITE_BUSY, polling without blocking the event loop
 * (a writer in this same process must be able to finish), for at most `waitMs`; calls `onWait`
 * once when it first has to wait. Throws `timedOut()` when the time is up.
 */
export async function retryWhileBusy<T>(
  attempt: () => T,
  { waitMs = DEFAULT_WAIT_MS, onWait }: WriterOptions,
  waiting: string,
  timedOut: () => Error,
): Promise<T> {
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    try {
      return attempt();
    } catch (e) {
      if (!isBusy(e)) throw e;
      const left = deadline - Date.now();
      if (left <= 0) throw timedOut();
      if (!announced) {
        announced = true;
        onWait?.(`${waiting} (up to ${waitText(waitMs)})…`);
      }
      await sleep(Math.min(POLL_MS, left));
    }
  }
}

/** Takes the writer lock of the database at `target`, waiting for another writer as `options` allow. */
export async function acquireWriterLock(target: string, options: WriterOptions = {}): Promise<WriterLock> {
  const path = lockPathFor(target);
  const lock = new Database(path, { timeout: 0 });
  try {
    await retryWhileBusy(
      () => lock.exec('BEGIN EXCLUSIVE'),
      options,
      `waiting for another writer on ${target}`,
      () =>
        new WriterBusyError(
          `another writer is changing ${target} (it holds ${path}); gave up after ${waitText(options.waitMs ?? DEFAULT_WAIT_MS)}, ` +
            `nothing was changed: try again later, or wait longer with --wait SECONDS`,
        ),
    );
  } catch (e) {
    lock.close();
    throw e;
  }
  // Closing the connection ends the transaction: the lock is free again.
  return { release: () => lock.close() };
}
