/** Opening the reference database: the one place that sets its connection pragmas. */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from '../schema/index.js';

export type Schema = typeof schema;

const READER_MMAP_BYTES = 256 * 1024 * 1024;
export type CodebookDatabase = BetterSQLite3Database<Schema> & { $client: Database.Database };

export interface OpenOptions {
  /** Open read-only (the default for readers); the file must exist. */
  readonly readonly?: boolean;
}

/** A connection with foreign keys enforced, as every writer and reader of the database expects. */
export function openDatabase(path: string, { readonly = false }: OpenOptions = {}): CodebookDatabase {
  const sqlite = new Database(path, { readonly, fileMustExist: readonly });
  sqlite.pragma('foreign_keys = ON');
  // Readers look records up all over the file: reading it through a memory map saves a system
  // call per page.
  if (readonly) sqlite.pragma(`mmap_size = ${READER_MMAP_BYTES}`);
  return drizzle({ client: sqlite, schema });
}
