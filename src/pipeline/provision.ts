/**
 * Provision: the deterministic full build. Migrations, then every document under the seeds
 * folder in sorted path order, in one transaction, into a temporary file that replaces the
 * database only when everything passed. Any error in any document fails the whole build, after
 * reporting every error in every document — or, with `keepGoing`, leaves that document out. It
 * holds the database's writer lock throughout, and replaces only a codebook database (or nothing,
 * or an empty file) unless forced.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, type CodebookDatabase } from '../db/connection.js';
import { assertReplaceable, removeTemporaries, removeTemporary, replaceAtomically, settleJournal, temporaryPathFor } from '../db/files.js';
import { assertWritable, stampIdentity } from '../db/identity.js';
import { migrate } from '../db/migrate.js';
import { configureForBuilding, configureForReaders } from '../db/sqlite.js';
import { acquireWriterLock, type WriterOptions } from '../db/writer-lock.js';
import {
  build,
  BuildError,
  inTransaction,
  refreshStatistics,
  type BuildDocuments,
  type BuildOptions,
  type BuildPlan,
  type BuildReport,
} from './build.js';
import type { Diagnostic } from './diagnostics.js';
import { processDocuments } from './documents.js';
import { listDocuments } from './read.js';

/** Every document into a new database, and the steps after loading over all of it. */
const provisionPlan = (documents: BuildDocuments): BuildPlan => ({ kind: 'provision', documents, place: () => 'created', scoped: false });

export interface ProvisionOptions extends BuildOptions, WriterOptions {
  /** Replace the target even when it is not a codebook database (never a directory, device or symbolic link). */
  readonly force?: boolean;
}

export async function provision(seeds: string, target: string, options: ProvisionOptions = {}): Promise<BuildReport> {
  if (!existsSync(seeds)) throw new BuildError(`no such folder: ${seeds}`);
  const files = listDocuments([seeds]);
  if (files.length === 0) throw new BuildError(`no documents (*.txt) under ${seeds}; ${target} was not changed`);
  // Checked before the lock too, so that no lock file is made beside a device or a foreign file.
  assertWritable(target, 'provision', options.force);
  const documents = processDocuments(files);
  try {
    mkdirSync(dirname(target), { recursive: true });
    const lock = await acquireWriterLock(target, options);
    try {
      assertWritable(target, 'provision', options.force);
      assertReplaceable(target);
      await settleJournal(target, options);
      removeTemporaries(target);
      const temporary = temporaryPathFor(target);
      const report = await buildFile(temporary, (db) => {
        migrate(db.$client);
        return inTransaction(db, 'BEGIN', () => build(db, provisionPlan(documents), target, options));
      });
      try {
        replaceAtomically(temporary, target);
      } catch (e) {
        removeTemporary(temporary);
        throw e;
      }
      return report;
    } finally {
      lock.release();
    }
  } finally {
    await documents.close();
  }
}

/**
 * Builds a fresh database file with `work`, then leaves it ready for readers — marked as
 * codebook's, in rollback-journal mode, so it is read from anywhere, a read-only directory
 * included, with nothing beside it — and closed; on failure the file is removed.
 */
async function buildFile(path: string, work: (db: CodebookDatabase) => Promise<BuildReport>): Promise<BuildReport> {
  const db = openDatabase(path, { create: true });
  try {
    const sqlite = db.$client;
    configureForBuilding(sqlite);
    const report = await work(db);
    refreshStatistics(db);
    stampIdentity(sqlite);
    configureForReaders(sqlite);
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
    const db = openDatabase(':memory:', { create: true });
    try {
      migrate(db.$client);
      const report = await inTransaction(db, 'BEGIN', () => build(db, provisionPlan(documents), 'nothing', buildOptions));
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
