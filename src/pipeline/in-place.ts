/**
 * Changing a database in place — ingest and remove — while readers keep reading. It holds the
 * database's writer lock from before it opens the file until it has checked that the path still
 * names the file it committed to. The database stays in rollback-journal mode: the transaction
 * keeps its changes in memory (no cache spill, which would lock readers out early) and its commit
 * waits for the reads in progress to finish, so a reader sees the data before or after, never half.
 */
import type { CodebookDatabase } from '../db/connection.js';
import { openDatabase } from '../db/connection.js';
import { fileIdentity, ReplaceError, settleJournal } from '../db/files.js';
import { assertCodebookDatabase, assertWritable, type Writer } from '../db/identity.js';
import { configureForIngesting, setBusyTimeout } from '../db/sqlite.js';
import { acquireWriterLock, DEFAULT_WAIT_MS, retryWhileBusy, waitText, WriterBusyError, type WriterOptions } from '../db/writer-lock.js';
import { inTransaction } from './build.js';

/**
 * The page cache's bound while changing a database, in KiB: a ceiling, not an allocation (pages
 * are allocated as the changes need them).
 */
const CHANGE_CACHE_KIB = 4 * 1024 * 1024;

export interface InPlace {
  /** The database, open for writing, under its writer lock. Reading it begins no transaction. */
  readonly db: CodebookDatabase;
  /** Runs `work` in one write transaction, committed after the reads in progress finish; rolled back if anything throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Runs `work` on the codebook database at `target`, opened under its writer lock by `writer`.
 * Only what `work` does inside `transaction` is written; nothing else touches the file.
 */
export async function changeInPlace<T>(
  target: string,
  writer: Extract<Writer, 'ingest' | 'remove'>,
  options: WriterOptions,
  work: (change: InPlace) => Promise<T>,
): Promise<T> {
  // Checked before taking the lock, so that no lock file is made beside a device or a foreign file.
  assertWritable(target, writer);
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const lock = await acquireWriterLock(target, options);
  try {
    // Opened only now: a provision that held the lock may have put a new file at the path.
    await settleJournal(target, options);
    const opened = fileIdentity(target);
    const db = openDatabase(target, { busyTimeoutMs: waitMs });
    try {
      const sqlite = db.$client;
      assertCodebookDatabase(sqlite, target);
      configureForIngesting(sqlite, CHANGE_CACHE_KIB);
      const commitAfterReaders = () => {
        setBusyTimeout(sqlite, 0);
        return retryWhileBusy(
          () => sqlite.exec('COMMIT'),
          options,
          `waiting for readers of ${target} to finish`,
          () =>
            new WriterBusyError(
              `readers kept reading ${target} for ${waitText(waitMs)}; the ${writer} was rolled back and nothing ` +
                `was changed: try again, or wait longer with --wait SECONDS`,
            ),
        );
      };
      const result = await work({ db, transaction: (body) => inTransaction(db, 'BEGIN IMMEDIATE', body, commitAfterReaders) });
      if (fileIdentity(target) !== opened) {
        throw new ReplaceError(
          `${target} was replaced by another program during this ${writer}, which was committed to the file it replaced: ${writer} again`,
        );
      }
      return result;
    } finally {
      db.$client.close();
    }
  } finally {
    lock.release();
  }
}
