/**
 * Provision: the deterministic full build. Migrations, then every document under the seeds
 * folder in sorted path order, in one transaction, into a temporary file that replaces the
 * database only when everything passed. Any error in any document fails the whole build, after
 * reporting every error in every document — or, with `keepGoing`, leaves that document out.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, type CodebookDatabase } from '../db/connection.js';
import { removeStaleTemporaries, removeTemporary, replaceAtomically, temporaryPathFor } from '../db/files.js';
import { migrate } from '../db/migrate.js';
import { build, BuildError, inTransaction, type BuildOptions, type BuildReport } from './build.js';
import type { Diagnostic } from './diagnostics.js';
import { processDocuments } from './documents.js';
import { listDocuments } from './read.js';

const everyDocumentIsNew = () => 'created' as const;

export async function provision(seeds: string, target: string, options: BuildOptions = {}): Promise<BuildReport> {
  if (!existsSync(seeds)) throw new BuildError(`no such folder: ${seeds}`);
  const files = listDocuments([seeds]);
  if (files.length === 0) throw new BuildError(`no documents (*.txt) under ${seeds}; ${target} was not changed`);
  const documents = processDocuments(files);
  try {
    mkdirSync(dirname(target), { recursive: true });
    removeStaleTemporaries(target);
    const temporary = temporaryPathFor(target);
    removeTemporary(temporary);
    const report = await buildFile(temporary, (db) => {
      migrate(db.$client);
      // A fresh file has nothing to cascade: foreign keys are checked once, by the data checks,
      // instead of on every insert.
      db.$client.pragma('foreign_keys = OFF');
      return inTransaction(db, 'BEGIN', () => build(db, 'provision', documents, target, everyDocumentIsNew, options));
    });
    replaceAtomically(temporary, target);
    return report;
  } finally {
    await documents.close();
  }
}

/**
 * Builds a fresh database file with `work`, then leaves it ready for readers (WAL) and closed;
 * on failure the file is removed.
 */
async function buildFile(path: string, work: (db: CodebookDatabase) => Promise<BuildReport>): Promise<BuildReport> {
  const db = openDatabase(path);
  try {
    const sqlite = db.$client;
    // A temporary file needs no journal: a failed build is deleted, not rolled back.
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('locking_mode = EXCLUSIVE');
    const report = await work(db);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('optimize');
    // Readers of the finished database keep reading while an ingest writes to it.
    sqlite.pragma('locking_mode = NORMAL');
    sqlite.pragma('journal_mode = WAL');
    sqlite.close();
    return report;
  } catch (e) {
    if (db.$client.open) db.$client.close();
    removeTemporary(path);
    throw e;
  }
}

export interface CheckReport {
  readonly documents: number;
  /** Everything provision would say, in path order. */
  readonly diagnostics: Diagnostic[];
  /** Whether provision would build a database. */
  readonly built: boolean;
  /** The documents a `keepGoing` provision would leave out. */
  readonly rejected: number;
}

/** What provision would say about `inputs`, without writing anything: a build into memory. */
export async function check(inputs: readonly string[], options: Pick<BuildOptions, 'keepGoing' | 'strict'> = {}): Promise<CheckReport> {
  const files = listDocuments(inputs);
  if (files.length === 0) throw new BuildError(`no documents (*.txt) in ${inputs.join(', ')}`);
  const documents = processDocuments(files);
  // Without keepGoing, strict only changes the exit status: every warning is reported either way.
  const buildOptions = options.keepGoing ? options : {};
  try {
    const db = openDatabase(':memory:');
    try {
      migrate(db.$client);
      const report = await inTransaction(db, 'BEGIN', () => build(db, 'provision', documents, 'nothing', everyDocumentIsNew, buildOptions));
      const diagnostics = [...report.warnings, ...report.rejected.flatMap((r) => r.diagnostics)];
      const byPath = (a: Diagnostic, b: Diagnostic): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
      return { documents: files.length, diagnostics: diagnostics.sort(byPath), built: true, rejected: report.rejected.length };
    } finally {
      db.$client.close();
    }
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    const failingPaths = new Set(e.diagnostics.filter((d) => d.severity === 'error').map((d) => d.path));
    return { documents: files.length, diagnostics: [...e.diagnostics], built: false, rejected: options.keepGoing ? failingPaths.size : 0 };
  } finally {
    await documents.close();
  }
}
