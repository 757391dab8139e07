/**
 * Opening the reference database file with SQLite, and every setting of its connections: the one
 * place that sets connection pragmas (how a reader, a build, an ingest, a query and a migration
 * each use the file). Light on purpose (no drizzle, no schema), so a query process starts quickly.
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
  /** Make the file when there is none (a build's new file); otherwise it must exist, and opening leaves no empty file behind. */
  readonly create?: boolean;
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
    throw new Error(
      `${path} has an interrupted write to roll back (${path}-journal), and this process may not ` +
        `write there: run any codebook writer on it once (codebook migrate --db ${path})`,
    );
  }
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** A raw SQLite connection with foreign keys enforced, as every writer and reader of the database expects. */
export function openSqlite(
  path: string,
  { readonly = false, immutable = false, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS, create = false }: OpenOptions = {},
): Database.Database {
  if (immutable) return new Database(readFileSync(path), { readonly: true });
  const sqlite = new Database(path, { readonly, fileMustExist: readonly || !create, timeout: busyTimeoutMs });
  const ready = readonly ? rollBackInterruptedWrite(sqlite, path) : sqlite;
  setBusyTimeout(ready, busyTimeoutMs);
  ready.pragma('foreign_keys = ON');
  // Readers look records up all over the file: reading it through a memory map saves a system
  // call per page.
  if (readonly) ready.pragma(`mmap_size = ${READER_MMAP_BYTES}`);
  return ready;
}

/**
 * A connection that builds a fresh file nobody else reads: no journal (a failed build is deleted,
 * not rolled back), no syncs (the finished file is synced once, before it is renamed into place),
 * the file locked for this connection alone, and foreign keys checked once at the end, by the data
 * checks, rather than on every insert.
 */
export function configureForBuilding(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('locking_mode = EXCLUSIVE');
  sqlite.pragma('foreign_keys = OFF');
}

/** A built file made ready for readers: foreign keys enforced, unlocked, in rollback-journal mode, so it needs nothing beside it. */
export function configureForReaders(sqlite: Database.Database): void {
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('locking_mode = NORMAL');
  sqlite.pragma('journal_mode = DELETE');
}

/**
 * An ingest's connection: its changes stay in memory until it commits (a spill to the file would
 * lock readers out for the rest of the transaction), and a cache too small to hold them would be
 * searched on every page, so it may grow to `cacheKiB` (a ceiling, not an allocation).
 */
export function configureForIngesting(sqlite: Database.Database, cacheKiB: number): void {
  sqlite.pragma('cache_spill = OFF');
  sqlite.pragma(`cache_size = -${cacheKiB}`);
}

/** How long the connection waits for another's lock before SQLITE_BUSY; 0 to retry by itself instead. */
export function setBusyTimeout(sqlite: Database.Database, ms: number): void {
  sqlite.pragma(`busy_timeout = ${ms}`);
}

/** A connection that can change nothing, whatever statement it is given (a user's query). */
export function makeQueryOnly(sqlite: Database.Database): void {
  sqlite.pragma('query_only = 1');
}

/**
 * Runs `work` with foreign keys off, then restores them as they were. The pragma does nothing
 * inside a transaction, so this goes around one (a migration's: a table rebuild would otherwise
 * cascade-delete child rows).
 */
export function withoutForeignKeys<T>(sqlite: Database.Database, work: () => T): T {
  const enforced = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  sqlite.pragma('foreign_keys = OFF');
  try {
    return work();
  } finally {
    if (enforced) sqlite.pragma('foreign_keys = ON');
  }
}

/**
 * Switches an open database to a rollback journal (DELETE), checkpointing a WAL into the file
 * first. Throws SQLITE_BUSY while others hold it.
 */
export function useRollbackJournal(sqlite: Database.Database): void {
  const mode = sqlite.pragma('journal_mode = DELETE', { simple: true });
  if (mode !== 'delete') throw Object.assign(new Error(`journal mode stayed ${String(mode)}`), { code: 'SQLITE_BUSY' });
}
