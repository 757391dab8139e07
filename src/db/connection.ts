/** The drizzle database over the reference database file. */
import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from '../schema/index.js';
import { openSqlite, type OpenOptions } from './sqlite.js';

export type Schema = typeof schema;

export type CodebookDatabase = BetterSQLite3Database<Schema> & { $client: Database.Database };

/** The drizzle database over a connection from `openSqlite`. */
export function openDatabase(path: string, options: OpenOptions = {}): CodebookDatabase {
  return overConnection(openSqlite(path, options));
}

/** The drizzle database over an open connection. */
export function overConnection(sqlite: Database.Database): CodebookDatabase {
  return drizzle({ client: sqlite, schema });
}
