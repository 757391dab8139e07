/** The manifest every build run that changes a database leaves in it: what the database is now (build_manifest). */
import { computeEdition, countContents } from '../db/edition.js';
import type { CodebookDatabase } from '../db/connection.js';
import { latestMigration } from '../db/migrate.js';
import { buildManifest } from '../schema/tables.js';
import { TOOL_VERSION } from '../version.js';

/** Writes the manifest of the database as run `buildRunId` leaves it. */
export function writeManifest(db: CodebookDatabase, buildRunId: number): void {
  const migration = latestMigration();
  const manifest = {
    edition: computeEdition(db.$client, TOOL_VERSION, migration),
    buildRunId,
    builtAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    migration,
    ...countContents(db.$client),
  };
  db.insert(buildManifest)
    .values({ id: 1, ...manifest })
    .onConflictDoUpdate({ target: buildManifest.id, set: manifest })
    .run();
}
