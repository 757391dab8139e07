/**
 * The steps every build shares, provision's and ingest's: load the documents (reporting every
 * error in every one), index them for search, prune and resolve the catalogs, run the data
 * checks. The caller owns the transaction and the database file.
 */
import { runDataChecks } from '../db/checks.js';
import type { CodebookDatabase } from '../db/connection.js';
import { type INGEST_KINDS, ingestRuns } from '../schema/tables.js';
import { TOOL_VERSION } from '../version.js';
import { pruneCatalogs, resolveCatalogs } from './catalog.js';
import { error, type Diagnostic } from './diagnostics.js';
import { createLoader } from './load.js';
import type { DocumentStream } from './documents.js';
import type { LoadableDocument } from './process.js';
import { indexForSearch } from './search-index.js';

export interface BuildOptions {
  /** Fail on warnings too. */
  readonly strict?: boolean;
  /** Called after each document with how many are done out of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BuildCounts {
  readonly documents: number;
  readonly codes: number;
  readonly modifiers: number;
  readonly relationships: number;
  readonly diagnoses: number;
  readonly taxonomies: number;
  readonly payers: number;
  readonly unavailableMarkers: number;
  readonly diagnostics: number;
}

/** What became of each document a build was given. */
export type Placement = 'created' | 'updated' | 'unchanged';

export interface BuildReport {
  /** Rows in the database after the build. */
  readonly counts: BuildCounts;
  readonly placements: Record<Placement, number>;
  /** The warnings about the documents this build loaded, catalog conflicts included. */
  readonly warnings: Diagnostic[];
}

/** A build that did not happen; the database was not changed. Carries every diagnostic of the attempt. */
export class BuildError extends Error {
  override name = 'BuildError';
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

function countRows(db: CodebookDatabase): BuildCounts {
  const count = (table: string): number => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    documents: count('source_documents'),
    codes: count('codes'),
    modifiers: count('modifiers'),
    relationships: count('code_relationships'),
    diagnoses: count('diagnoses'),
    taxonomies: count('taxonomies'),
    payers: count('payers'),
    unavailableMarkers: count('unavailable_markers'),
    diagnostics: count('ingest_diagnostics'),
  };
}

/** Fails the build when there are errors (or, in strict mode, warnings). */
function assertBuildable(diagnostics: readonly Diagnostic[], strict: boolean | undefined, target: string): void {
  const failing = diagnostics.filter((d) => d.severity === 'error' || strict);
  if (failing.length === 0) return;
  const documents = new Set(failing.map((d) => d.path)).size;
  const what = strict ? 'error(s) or warning(s) (strict)' : 'error(s)';
  throw new BuildError(`${failing.length} ${what} in ${documents} document(s); ${target} was not changed`, diagnostics);
}

/** The warnings stored for the documents of one run, as diagnostics. */
function runWarnings(db: CodebookDatabase, runId: number): Diagnostic[] {
  return db.$client
    .prepare(
      `SELECT d.path, g.line, g.severity, g.rule, g.message FROM ingest_diagnostics g
       JOIN source_documents d ON d.id = g.document_id WHERE d.ingest_run_id = ? ORDER BY d.path, g.line, g.id`,
    )
    .all(runId) as Diagnostic[];
}

/**
 * Decides where a processed document goes before it is loaded: `created` and `updated` load it
 * (an update first removes what it replaces), `unchanged` skips it.
 */
export type Placer = (document: LoadableDocument) => Placement;

/**
 * Builds the documents into `db` inside the caller's transaction. Throws BuildError — having read every
 * document, so it reports every error — when any document fails (or, when strict, warns).
 */
export async function build(
  db: CodebookDatabase,
  kind: (typeof INGEST_KINDS)[number],
  documents: DocumentStream,
  target: string,
  place: Placer,
  options: BuildOptions,
): Promise<BuildReport> {
  const { id: runId } = db
    .insert(ingestRuns)
    .values({ kind, startedAt: new Date().toISOString(), toolVersion: TOOL_VERSION })
    .returning({ id: ingestRuns.id })
    .get();
  const loader = createLoader(db, runId);
  const diagnostics: Diagnostic[] = [];
  const placements: Record<Placement, number> = { created: 0, updated: 0, unchanged: 0 };
  const loaded: number[] = [];
  const describedBy = new Map<string, string>();
  let failed = false;
  let done = 0;
  for await (const processed of documents) {
    for (const d of processed.diagnostics) diagnostics.push(d);
    failed ||= processed.loadable === undefined;
    const { loadable } = processed;
    if (loadable) {
      const earlier = describedBy.get(loadable.rows.code);
      if (earlier !== undefined) {
        failed = true;
        diagnostics.push({
          path: processed.path,
          ...error(loadable.titleLine, 'duplicate-document', `code ${loadable.rows.code} is already described by ${earlier}; one document per code`),
        });
      } else {
        describedBy.set(loadable.rows.code, processed.path);
        // After the first error nothing will be committed; keep reading only to report every error.
        if (!failed) {
          const placement = place(loadable);
          placements[placement]++;
          if (placement !== 'unchanged') loaded.push(loader.load(loadable.source, loadable.rows, processed.diagnostics));
        }
      }
    }
    options.onProgress?.(++done, documents.count);
  }
  assertBuildable(diagnostics, options.strict, target);
  // The steps below read the whole database: statistics from when it was smaller (an ingest into
  // a database provisioned with a few documents) would have SQLite pick quadratic plans for them.
  db.$client.pragma('optimize');
  pruneCatalogs(db);
  indexForSearch(db, kind === 'provision' ? undefined : loaded);
  resolveCatalogs(db);
  runDataChecks(db.$client);
  const warnings = runWarnings(db, runId);
  assertBuildable(warnings, options.strict, target);
  return { counts: countRows(db), placements, warnings };
}

/** Runs `work` in one transaction: committed (by `commit`) when it resolves, rolled back when it or the commit throws. */
export async function inTransaction<T>(
  db: CodebookDatabase,
  begin: 'BEGIN' | 'BEGIN IMMEDIATE',
  work: () => Promise<T>,
  commit: () => unknown = () => db.$client.exec('COMMIT'),
): Promise<T> {
  db.$client.exec(begin);
  try {
    const result = await work();
    await commit();
    return result;
  } catch (e) {
    if (db.$client.inTransaction) db.$client.exec('ROLLBACK');
    throw e;
  }
}
