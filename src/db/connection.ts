/** Opening the reference database: the one place that sets its connection pragmas. */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from '../schema/index.js';

export type Schema = typeof schema;

const READER_MMAP_BYTES = 256 * 1024 * 1024;
/**
 * How long a reader waits for a commit before "database is locked". A commit takes as long as
 * writing its pages, after waiting (at most the writer's --wait, 60 s by default) for reads that
 * were in progress when it began: a reader that starts meanwhile waits at most that long too.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 60_000;

export type CodebookDatabase = BetterSQLite3Database<Schema> & { $client: Database.Database };

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

/** A connection with foreign keys enforced, as every writer and reader of the database expects. */
export function openDatabase(path: string, { readonly = false, immutable = false, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS }: OpenOptions = {}): CodebookDatabase {
  const sqlite = immutable
    ? new Database(readFileSync(path), { readonly: true })
    : new Database(path, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
  sqlite.pragma('foreign_keys = ON');
  // Readers look records up all over the file: reading it through a memory map saves a system
  // call per page.
  if (readonly && !immutable) sqlite.pragma(`mmap_size = ${READER_MMAP_BYTES}`);
  return drizzle({ client: sqlite, schema });
}
