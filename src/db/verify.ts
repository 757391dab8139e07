/**
 * `codebook verify`: every check a provision runs, over the whole database — SQLite's integrity
 * and foreign key checks, then the data checks — and that its manifest is true: the edition and
 * counts computed again from what it holds, with the tool version and migration it names.
 */
import type Database from 'better-sqlite3';
import { DATA_CHECK_NAMES, dataCheckFailures, DataCheckError, type CheckFailure } from './checks.js';
import { computeEdition, countContents } from './edition.js';

/** What `codebook verify` checks, in order. */
export const VERIFIED_CHECKS: readonly string[] = [
  'PRAGMA integrity_check',
  'PRAGMA foreign_key_check',
  ...DATA_CHECK_NAMES,
  'build_manifest is true to what the database holds',
];

interface StoredManifest {
  readonly edition: string;
  readonly toolVersion: string;
  readonly migration: string;
  readonly documents: number;
  readonly codes: number;
  readonly unknownValues: number;
  readonly rejectedDocuments: number;
}

/** Where the manifest and what the database holds differ: each field, as stored and as computed. */
function manifestFailures(sqlite: Database.Database): CheckFailure[] {
  const check = VERIFIED_CHECKS.at(-1)!;
  const stored = sqlite
    .prepare(
      `SELECT edition, tool_version AS toolVersion, migration, documents, codes, unknown_values AS unknownValues,
              rejected_documents AS rejectedDocuments FROM build_manifest`,
    )
    .get() as StoredManifest | undefined;
  if (stored === undefined) return [{ check, violations: 1, sample: ['no manifest: the database was not built since migration 0006'] }];
  const computed: StoredManifest = {
    ...stored,
    edition: computeEdition(sqlite, stored.toolVersion, stored.migration),
    ...countContents(sqlite),
  };
  const differing = (Object.keys(computed) as (keyof StoredManifest)[])
    .filter((field) => computed[field] !== stored[field])
    .map((field) => ({ field, stored: stored[field], computed: computed[field] }));
  return differing.length === 0 ? [] : [{ check, violations: differing.length, sample: differing }];
}

/** Runs every check; throws DataCheckError listing each failed one. */
export function verifyDatabase(sqlite: Database.Database): void {
  const failures = [...dataCheckFailures(sqlite), ...manifestFailures(sqlite)];
  if (failures.length > 0) throw new DataCheckError(failures);
}
