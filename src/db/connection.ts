/** Opening the reference database: the one place that sets its connection pragmas. */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from '../schema/index.js';

export type Schema = typeof schema;
export type CodebookDatabase = BetterSQLite3Database<Schema> & { $client: Database.Database };

export interface OpenOptions {
  /** Open read-only (the default for readers); the file must exist. */
  readonly readonly?: boolean;
}

/** A connection with foreign keys enforced, as every writer and reader of the database expects. */
export function openDatabase(path: string, { readonly = false }: OpenOptions = {}): CodebookDatabase {
  const sqlite = new Database(path, { readonly, fileMustExist: readonly });
  sqlite.pragma('foreign_keys = ON');
  return drizzle({ client: sqlite, schema });
}
