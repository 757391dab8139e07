/** The drizzle database over the reference database file. */
import Database from 'better-sqlite3';
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

/** A private, writable in-memory database on better-sqlite3, for search's excerpts of a large row. */
export function openScratchDatabase(): { db: BetterSQLite3Database<Schema>; close(): void } {
  const sqlite = new Database(':memory:');
  return { db: drizzle({ client: sqlite, schema }), close: () => sqlite.close() };
}
