/**
 * The steps every build shares, provision's and ingest's: load the documents (reporting every
 * error in every one), index them for search, prune and resolve the catalogs, run the data
 * checks. The caller owns the transaction and the database file.
 */
import { eq } from 'drizzle-orm';
import { counted } from '../domain/wording.js';
import { runDataChecks } from '../db/checks.js';
import type { CodebookDatabase } from '../db/connection.js';
import { type BUILD_KINDS, buildRuns, rejectedDocuments } from '../schema/tables.js';
import { TOOL_VERSION } from '../version.js';
import { pruneCatalogs, resolveCatalogs } from './catalog.js';
import { RunChanges } from './changes.js';
import { BuildError, error, failsBuild, type Diagnostic } from './diagnostics.js';

export { BuildError } from './diagnostics.js';
import { createLoader } from './load.js';
import { writeManifest } from './manifest.js';
import type { LoadableDocument, ProcessedDocument } from './process.js';
import { indexForSearch } from './search-index.js';

export interface BuildOptions {
  /** Fail on warnings too. */
  readonly strict?: boolean;
  /**
   * Leave out each document with errors (with `strict`, with warnings) and build the others; each
   * one left out is recorded in `rejected_documents`. Fails only when every document is left out.
   */
  readonly keepGoing?: boolean;
  /** Called after each document with how many are done out of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BuildCounts {
  readonly documents: number;
  /** Documents left out by `--keep-going` builds, as recorded: this run's and, for ingest, earlier ones not loaded since. */
  readonly rejectedDocuments: number;
  readonly codes: number;
  readonly modifiers: number;
  readonly relationships: number;
  readonly diagnoses: number;
  readonly taxonomies: number;
  readonly payers: number;
  readonly unknownValues: number;
  readonly diagnostics: number;
}

/** What became of each document a build was given. */
export type Placement = 'created' | 'updated' | 'unchanged';

/** A document a `keepGoing` build left out, with everything found in it. */
export interface RejectedDocument {
  readonly path: string;
  readonly sha256: string;
  readonly code: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export interface BuildReport {
  /** Rows in the database after the build. */
  readonly counts: BuildCounts;
  readonly placements: Record<Placement, number>;
  /** The documents the run removed (ingest --prune, remove), by path, in path order, with their codes. */
  readonly removed: readonly { readonly path: string; readonly code: string }[];

  /** The warnings about the documents this build loaded, catalog conflicts included. */
  readonly warnings: Diagnostic[];
  /** The documents left out (only with `keepGoing`), in path order. */
  readonly rejected: RejectedDocument[];
}

/** The rows of each table the summary counts. */
export function countRows(db: CodebookDatabase): BuildCounts {
  const count = (table: string): number => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    rejectedDocuments: count('rejected_documents'),
    documents: count('source_documents'),
    codes: count('codes'),
    modifiers: count('modifiers'),
    relationships: count('code_relationships'),
    diagnoses: count('diagnoses'),
    taxonomies: count('taxonomies'),
    payers: count('payers'),
    unknownValues: count('unknown_values'),
    diagnostics: count('document_diagnostics'),
  };
}

/** Fails the build when there are errors (or, in strict mode, warnings). */
function assertBuildable(diagnostics: readonly Diagnostic[], strict: boolean | undefined, target: string): void {
  const failing = diagnostics.filter((d) => failsBuild(d, strict));
  if (failing.length === 0) return;
  const documents = new Set(failing.map((d) => d.path)).size;
  const what = strict ? `${counted(failing.length, 'error or warning', 'errors or warnings')} (strict)` : counted(failing.length, 'error');
  throw new BuildError(`${what} in ${counted(documents, 'document')}; ${target} was not changed`, diagnostics);
}

/** The warnings stored for the documents a run wrote, as diagnostics. */
function runWarnings(db: CodebookDatabase, documentIds: readonly number[]): Diagnostic[] {
  return db.$client
    .prepare(
      `SELECT d.path, g.line, g.severity, g.rule, g.message FROM document_diagnostics g
       JOIN source_documents d ON d.id = g.document_id WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.path, g.line, g.id`,
    )
    .all(JSON.stringify(documentIds)) as Diagnostic[];
}

/**
 * Decides where a processed document goes before it is loaded: `created` and `updated` load it
 * (an update first removes, through `changes`, the documents it replaces), `unchanged` skips it.
 */
export type Placer = (document: LoadableDocument, changes: RunChanges) => Placement;

/**
 * A document the database holds as it is (the same path and sha256, and no rejection recorded
 * for its path): an ingest does not read it again. It still claims its code: a document for the
 * same code later in path order is a duplicate.
 */
export interface HeldDocument {
  readonly held: true;
  readonly path: string;
  readonly code: string;
}

/** A build's documents in path order; `count` of them. */
export interface BuildDocuments extends AsyncIterable<ProcessedDocument | HeldDocument> {
  readonly count: number;
}

/** What a build run does. */
export interface BuildPlan {
  readonly kind: (typeof BUILD_KINDS)[number];
  readonly documents: BuildDocuments;
  readonly place: Placer;
  /** What the run removes before it loads anything: documents (ingest --prune, remove) and rejection records, by path. */
  readonly remove?: { readonly documentIds: readonly number[]; readonly rejectedPaths: readonly string[] };
  /**
   * Whether the steps after loading look only at what the run changed (ingest, remove) rather
   * than at the whole database (provision).
   */
  readonly scoped: boolean;
}

/** Records a rejection, replacing any earlier one of the same path. */
function recordRejection(db: CodebookDatabase, runId: number, rejected: RejectedDocument, strict: boolean | undefined): void {
  const reasons = rejected.diagnostics.filter((d) => failsBuild(d, strict)).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const first = reasons[0]!;
  db.delete(rejectedDocuments).where(eq(rejectedDocuments.path, rejected.path)).run();
  db.insert(rejectedDocuments)
    .values({
      path: rejected.path,
      sha256: rejected.sha256,
      code: rejected.code ?? null,
      errorCount: reasons.length,
      firstErrorLine: first.line,
      firstErrorRule: first.rule,
      firstError: first.message,
      buildRunId: runId,
    })
    .run();
}

/**
 * Builds the documents into `db` inside the caller's transaction. Throws BuildError — having read every
 * document, so it reports every error — when any document fails (or, when strict, warns); with
 * `keepGoing`, leaves each failing document out instead, and throws only when none is left.
 */
export async function build(db: CodebookDatabase, plan: BuildPlan, target: string, options: BuildOptions): Promise<BuildReport> {
  const { id: runId } = db
    .insert(buildRuns)
    .values({ kind: plan.kind, startedAt: new Date().toISOString(), toolVersion: TOOL_VERSION })
    .returning({ id: buildRuns.id })
    .get();
  const changes = new RunChanges(db, runId);
  const loader = createLoader(db, runId);
  const diagnostics: Diagnostic[] = [];
  const placements: Record<Placement, number> = { created: 0, updated: 0, unchanged: 0 };
  const rejected: RejectedDocument[] = [];
  const describedBy = new Map<string, string>();
  /** Paths read and loaded (or found unchanged) now: none of them is rejected any more. */
  const accepted: string[] = [];
  let failed = false;
  let done = 0;
  const removed = plan.remove === undefined ? [] : changes.remove(plan.remove.documentIds);
  if (plan.remove !== undefined) {
    for (const path of plan.remove.rejectedPaths) db.delete(rejectedDocuments).where(eq(rejectedDocuments.path, path)).run();
  }
  const reject = (processed: ProcessedDocument, found: Diagnostic[]): void => {
    rejected.push({ path: processed.path, sha256: processed.sha256, code: processed.code, diagnostics: found });
  };
  for await (const processed of plan.documents) {
    options.onProgress?.(++done, plan.documents.count);
    if ('held' in processed) {
      describedBy.set(processed.code, processed.path);
      placements.unchanged++;
      continue;
    }
    const found = [...processed.diagnostics];
    const { loadable } = processed;
    const earlier = loadable && describedBy.get(loadable.rows.code);
    if (loadable && earlier !== undefined) {
      found.push({
        path: processed.path,
        ...error(
          loadable.titleLine,
          'duplicate-document',
          `code ${loadable.rows.code} is already described by ${earlier}; one document per code`,
        ),
      });
    }
    const fails = loadable === undefined || found.some((d) => failsBuild(d, options.strict));
    if (options.keepGoing && fails) {
      reject(processed, found);
    } else {
      for (const d of found) diagnostics.push(d);
      failed ||= loadable === undefined || earlier !== undefined;
      // After the first error nothing will be committed; keep reading only to report every error.
      if (loadable && earlier === undefined) {
        describedBy.set(loadable.rows.code, processed.path);
        accepted.push(processed.path);
        if (!failed) {
          const placement = plan.place(loadable, changes);
          placements[placement]++;
          if (placement !== 'unchanged') {
            changes.wrote(loader.load(loadable.source, loadable.rows, processed.diagnostics), loadable.rows.code);
          }
        }
      }
    }
  }
  if (options.keepGoing && rejected.length > 0 && describedBy.size === 0) {
    throw new BuildError(
      `every document was rejected (${rejected.length}); ${target} was not changed`,
      rejected.flatMap((r) => r.diagnostics),
    );
  }
  assertBuildable(diagnostics, options.strict, target);
  for (const path of accepted) db.delete(rejectedDocuments).where(eq(rejectedDocuments.path, path)).run();
  for (const r of rejected) recordRejection(db, runId, r, options.strict);
  // The steps below look things up across the database: statistics from when it was smaller (an
  // ingest into a database provisioned with a few documents) would have SQLite pick scans for them.
  refreshStatistics(db);
  const scope = plan.scoped ? changes.scope() : undefined;
  pruneCatalogs(db, scope);
  indexForSearch(db, plan.scoped ? changes.written.map((w) => w.id) : undefined);
  resolveCatalogs(db, scope);
  runDataChecks(db.$client, scope);
  const warnings = runWarnings(
    db,
    changes.written.map((w) => w.id),
  );
  assertBuildable(warnings, options.strict, target);
  changes.log();
  writeManifest(db, runId);
  removed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { counts: countRows(db), placements, removed, warnings, rejected };
}

/**
 * Planner statistics true to the data after a write: `PRAGMA optimize` runs ANALYZE on each table
 * whose size changed enough since it was last analyzed (0x10000: every table, not only those this
 * connection queried), each bounded by a temporary analysis limit (0x10), so it is cheap at any size.
 */
export function refreshStatistics(db: CodebookDatabase): void {
  db.$client.pragma('optimize = 0x10012');
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
