/**
 * What an export says the database is: the codebook that exported it, the migration the database's
 * schema is at, and the one version string that the manifest and the FHIR resources carry. The
 * edition id of issue 12's build manifest (built in parallel) will become that version when it is
 * merged; until then the version is the tool's version and the migration, and this is the one
 * function to change.
 */
import { MIGRATIONS } from '../db/migrations.js';
import { TOOL_VERSION } from '../version.js';

export interface ExportVersion {
  /** The codebook that wrote the export. */
  readonly toolVersion: string;
  /** The database's migration: the latest, as `openCodebook` refuses any other. */
  readonly migration: string;
  /** The version of the exported data: `<tool version>+<migration>`, semver build metadata style. */
  readonly version: string;
}

export function exportVersion(): ExportVersion {
  const migration = MIGRATIONS.at(-1)!.tag;
  return { toolVersion: TOOL_VERSION, migration, version: `${TOOL_VERSION}+${migration}` };
}
