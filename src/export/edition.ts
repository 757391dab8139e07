/**
 * The database's edition: the id of the corpus it was built from, which the build manifest
 * (issue 12, built in parallel) records. Until that manifest is in a database, the edition is
 * absent — an export says so and never makes one up.
 */
import type Database from 'better-sqlite3';

/** Where the build manifest keeps the edition id (to be aligned with issue 12's manifest table when merged). */
export const EDITION_SOURCE = { table: 'build_manifest', column: 'edition_id' } as const;

/** The edition id the database records, or null when it records none. */
export function readEdition(sqlite: Database.Database): string | null {
  const { table, column } = EDITION_SOURCE;
  const hasManifest = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
  if (!hasManifest) return null;
  const edition = sqlite.prepare(`SELECT "${column}" FROM "${table}" ORDER BY rowid DESC LIMIT 1`).pluck().get();
  return typeof edition === 'string' ? edition : null;
}
