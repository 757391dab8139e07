/**
 * Provision: the deterministic full build. Migrations, then every document under the seeds
 * folder in sorted path order, one transaction, catalog resolution, data checks; all into a
 * temporary file that replaces the database only when everything passed. Any error in any
 * document fails the whole build, after reporting every error in every document.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { runDataChecks } from '../db/checks.js';
import { openDatabase, type CodebookDatabase } from '../db/connection.js';
import { removeStaleTemporaries, removeTemporary, replaceAtomically, temporaryPathFor } from '../db/files.js';
import { migrate } from '../db/migrate.js';
import { INGEST_KINDS, ingestRuns } from '../schema/tables.js';
import { TOOL_VERSION } from '../version.js';
import { resolveCatalogs } from './catalog.js';
import { error, type Diagnostic } from './diagnostics.js';
import { createLoader } from './load.js';
import { processDocument } from './process.js';
import { listDocuments } from './read.js';
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

export interface BuildReport {
  readonly counts: BuildCounts;
  /** The warnings recorded in the database. */
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

export function countRows(db: CodebookDatabase): BuildCounts {
  const count = (table: string): number =>
    (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
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

export function startRun(db: CodebookDatabase, kind: (typeof INGEST_KINDS)[number]): number {
  const run = db
    .insert(ingestRuns)
    .values({ kind, startedAt: new Date().toISOString(), toolVersion: TOOL_VERSION })
    .returning({ id: ingestRuns.id })
    .get();
  return run.id;
}

/**
 * Loads every file into `db` inside the caller's transaction. Documents with errors are not
 * loaded; their diagnostics are returned with everyone else's.
 */
export function loadDocuments(db: CodebookDatabase, files: readonly string[], runId: number, options: BuildOptions): Diagnostic[] {
  const loader = createLoader(db, runId);
  const diagnostics: Diagnostic[] = [];
  const describedBy = new Map<string, string>();
  let failed = false;
  files.forEach((file, i) => {
    const processed = processDocument(file);
    diagnostics.push(...processed.diagnostics);
    failed ||= processed.loadable === undefined;
    const { loadable } = processed;
    if (loadable) {
      const earlier = describedBy.get(loadable.rows.code);
      if (earlier === undefined) {
        describedBy.set(loadable.rows.code, processed.path);
        // After the first error nothing will be committed; keep reading only to report every error.
        if (!failed) loader.load(loadable.source, loadable.rows, processed.diagnostics);
      } else {
        failed = true;
        diagnostics.push({
          path: processed.path,
          ...error(loadable.titleLine, 'duplicate-document', `code ${loadable.rows.code} is already described by ${earlier}; one document per code`),
        });
      }
    }
    options.onProgress?.(i + 1, files.length);
  });
  return diagnostics;
}

/** Fails the build when there are errors (or, in strict mode, warnings). */
export function assertBuildable(diagnostics: readonly Diagnostic[], strict: boolean | undefined, target: string): void {
  const failing = diagnostics.filter((d) => d.severity === 'error' || strict);
  if (failing.length === 0) return;
  const documents = new Set(failing.map((d) => d.path)).size;
  const what = strict ? 'error(s) or warning(s) (strict)' : 'error(s)';
  throw new BuildError(`${failing.length} ${what} in ${documents} document(s); ${target} was not changed`, diagnostics);
}

/**
 * Builds into an open, migrated database inside one transaction: every document, then catalogs
 * and data checks. Returns every diagnostic; on errors (or warnings, when strict) it rolls back
 * and throws BuildError naming `target`.
 */
export function buildInto(db: CodebookDatabase, files: readonly string[], target: string, options: BuildOptions): BuildReport {
  return db.$client.transaction((): BuildReport => {
    const runId = startRun(db, 'provision');
    const diagnostics = loadDocuments(db, files, runId, options);
    assertBuildable(diagnostics, options.strict, target);
    indexForSearch(db);
    resolveCatalogs(db);
    runDataChecks(db.$client);
    const warnings = storedWarnings(db);
    assertBuildable(warnings, options.strict, target);
    return { counts: countRows(db), warnings };
  })();
}

export function provision(seeds: string, target: string, options: BuildOptions = {}): BuildReport {
  if (!existsSync(seeds)) throw new BuildError(`no such folder: ${seeds}`);
  const files = listDocuments([seeds]);
  if (files.length === 0) throw new BuildError(`no documents (*.txt) under ${seeds}; ${target} was not changed`);
  mkdirSync(dirname(target), { recursive: true });
  removeStaleTemporaries(target);
  const temporary = temporaryPathFor(target);
  removeTemporary(temporary);
  const db = openDatabase(temporary);
  try {
    const sqlite = db.$client;
    // A temporary file needs no journal: a failed build is deleted, not rolled back.
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('locking_mode = EXCLUSIVE');
    migrate(sqlite);
    const report = buildInto(db, files, target, options);
    sqlite.pragma('optimize');
    sqlite.close();
    replaceAtomically(temporary, target);
    return report;
  } catch (e) {
    if (db.$client.open) db.$client.close();
    removeTemporary(temporary);
    throw e;
  }
}

/** What provision would say about `inputs`, without writing anything: a build into memory. */
export function check(inputs: readonly string[]): { documents: number; diagnostics: Diagnostic[] } {
  const files = listDocuments(inputs);
  if (files.length === 0) throw new BuildError(`no documents (*.txt) in ${inputs.join(', ')}`);
  const db = openDatabase(':memory:');
  try {
    migrate(db.$client);
    return { documents: files.length, diagnostics: buildInto(db, files, 'nothing', {}).warnings };
  } catch (e) {
    if (e instanceof BuildError) return { documents: files.length, diagnostics: [...e.diagnostics] };
    throw e;
  } finally {
    db.$client.close();
  }
}

/** The warnings in the database, catalog conflicts included, as diagnostics. */
export function storedWarnings(db: CodebookDatabase): Diagnostic[] {
  return db.$client
    .prepare(
      `SELECT d.path, g.line, g.severity, g.rule, g.message FROM ingest_diagnostics g
       JOIN source_documents d ON d.id = g.document_id ORDER BY d.path, g.line, g.id`,
    )
    .all() as Diagnostic[];
}
