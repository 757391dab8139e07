/**
 * What an export says the database is: the codebook that exported it, the migration its schema is
 * at, and its edition (`currentEdition`, the one `codebook serve` keys its pages by), which the
 * manifest carries and the FHIR resources take as their version and date.
 */
import { currentEdition } from '../access/editions.js';
import type { Codebook } from '../access/codebook.js';
import { latestMigration } from '../db/migrate.js';
import { TOOL_VERSION } from '../version.js';

export interface ExportVersion {
  /** The codebook that wrote the export. */
  readonly toolVersion: string;
  /** The database's migration: the latest, as `openCodebook` refuses any other. */
  readonly migration: string;
  /** The version of the exported data: the database's edition id; null for a database never built. */
  readonly edition: string | null;
  /** When that edition was built (ISO 8601, UTC); null for a database never built. */
  readonly builtAt: string | null;
}

export function exportVersion(codebook: Codebook): ExportVersion {
  const edition = currentEdition(codebook);
  return { toolVersion: TOOL_VERSION, migration: latestMigration(), edition: edition?.id ?? null, builtAt: edition?.builtAt ?? null };
}
