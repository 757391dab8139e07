/**
 * What a database is, from what it holds: its edition — a sha256 of its corpus (every loaded and
 * every rejected document, by path and sha256, in path order), the codebook version and the last
 * migration that built it — and its counts. Builds write them into `build_manifest`; `codebook
 * verify` computes them again and compares.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** Changes when what goes into an edition id changes, so an id never means two things. */
const EDITION_FORMAT = 'codebook edition 1';

export interface ManifestCounts {
  readonly documents: number;
  /** Every code in the `codes` catalog: documented, or only listed as related. */
  readonly codes: number;
  readonly unknownValues: number;
  readonly rejectedDocuments: number;
}

/** The edition id of the database's corpus, as built by `toolVersion` at `migration`. */
export function computeEdition(sqlite: Database.Database, toolVersion: string, migration: string): string {
  const hash = createHash('sha256').update(`${EDITION_FORMAT}\ntool ${toolVersion}\nmigration ${migration}\n`);
  const corpus = sqlite
    .prepare(
      `SELECT 'loaded' AS kind, path, sha256 FROM source_documents UNION ALL SELECT 'rejected', path, sha256 FROM rejected_documents
       ORDER BY path, kind`,
    )
    .raw()
    .iterate() as IterableIterator<[string, string, string]>;
  for (const [kind, path, sha256] of corpus) hash.update(`${kind}\t${path}\t${sha256}\n`);
  return hash.digest('hex');
}

/** How many documents, codes, unknown values and rejected documents the database holds. */
export function countContents(sqlite: Database.Database): ManifestCounts {
  const count = (table: string): number => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    documents: count('source_documents'),
    codes: count('codes'),
    unknownValues: count('unknown_values'),
    rejectedDocuments: count('rejected_documents'),
  };
}
