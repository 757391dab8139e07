/**
 * Opening the reference database file with SQLite: the one place that sets its connection
 * pragmas. Light on purpose (no drizzle, no schema), so a query process starts quickly.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

const READER_MMAP_BYTES = 256 * 1024 * 1024;
/**
 * How long a reader waits for a commit before "database is locked". A commit takes as long as
 * writing its pages, after waiting (at most the writer's --wait, 60 s by default) for reads that
 * were in progress when it began: a reader that starts meanwhile waits at most that long too.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 60_000;

export interface OpenOptions {
  /** Open read-only (the default for readers); the file must exist. */
  readonly readonly?: boolean;
  /**
   * The file never changes (read-only media, an image layer): read it once into memory, and
   * never lock it or look for a journal beside it again. Implies read-only.
   */
  readonly immutable?: boolean;
  /** How long to wait for a writer's commit; default DEFAULT_BUSY_TIMEOUT_MS. */
  readonly busyTimeoutMs?: number;
}

/**
 * A write that was interrupted (its process killed mid-commit) leaves a journal that the next
 * connection with write access rolls back; a read-only connection cannot, and fails. Readers
 * roll it back the way any SQLite client with write access would, when they may write here.
 */
function rollBackInterruptedWrite(sqlite: Database.Database, path: string): Database.Database {
  try {
    sqlite.pragma('schema_version');
    return sqlite;
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_READONLY_ROLLBACK') throw e;
  }
  sqlite.close();
  try {
    const writer = new Database(path, { fileMustExist: true });
    writer.pragma('schema_version');
    writer.close();
  } catch {
    throw new Error(`${path} has an interrupted write to roll back (${path}-journal), and this process may not write there: run any codebook writer on it once (codebook migrate --db ${path})`);
  }
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** A raw SQLite connection with foreign keys enforced, as every writer and reader of the database expects. */
export function openSqlite(path: string, { readonly = false, immutable = false, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS }: OpenOptions = {}): Database.Database {
  if (immutable) return new Database(readFileSync(path), { readonly: true });
  const sqlite = new Database(path, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
  const ready = readonly ? rollBackInterruptedWrite(sqlite, path) : sqlite;
  ready.pragma(`busy_timeout = ${busyTimeoutMs}`);
  ready.pragma('foreign_keys = ON');
  // Readers look records up all over the file: reading it through a memory map saves a system
  // call per page.
  if (readonly) ready.pragma(`mmap_size = ${READER_MMAP_BYTES}`);
  return ready;
}
