/**
 * A codebook database read at this codebook's latest migration whatever migration it is at: as it
 * is when it is current, otherwise through a copy in memory, migrated there — the file itself is
 * only ever read. `codebook diff` compares an older release this way.
 */
import Database from 'better-sqlite3';
import { overConnection, type CodebookDatabase } from './connection.js';
import { assertCodebookFile } from './identity.js';
import { migrate, pendingMigrations } from './migrate.js';
import { openSqlite } from './sqlite.js';

export interface LatestView {
  readonly db: CodebookDatabase;
  /** How many migrations the copy in memory was brought through (0: the file is read as it is). */
  readonly migrated: number;
}

/** Opens the codebook database at `path` read-only, at the latest migration. Throws for a database newer than this codebook. */
export function openAtLatestMigration(path: string): LatestView {
  const sqlite = openSqlite(path, { readonly: true });
  try {
    assertCodebookFile(sqlite, path);
    if (pendingMigrations(sqlite) === 0) return { db: overConnection(sqlite), migrated: 0 };
    const copy = new Database(sqlite.serialize());
    sqlite.close();
    copy.pragma('foreign_keys = ON');
    return { db: overConnection(copy), migrated: migrate(copy) };
  } catch (e) {
    if (sqlite.open) sqlite.close();
    throw e;
  }
}
