/**
 * Ingest: adds or updates documents in an existing database, in one transaction, while readers
 * keep reading. A document is identified by its code (one document per code): an unchanged one
 * (same sha256) is a no-op; a changed one replaces exactly the facts its previous version
 * contributed, and the catalogs are resolved again over every document, so the result is the same
 * as a provision of the whole corpus. Any error in any document changes nothing.
 *
 * It holds the database's writer lock from before it opens the file until it has checked that the
 * path still names the file it committed to. The database stays in rollback-journal mode: the
 * transaction keeps its changes in memory (no cache spill, which would lock readers out early) and
 * its commit waits for the reads in progress to finish, so a reader sees the data before or
 * after, never half.
 */
import { existsSync } from 'node:fs';
import { sql, type SQL } from 'drizzle-orm';
import { union } from 'drizzle-orm/sqlite-core';
import type { CodebookDatabase } from '../db/connection.js';
import { openDatabase } from '../db/connection.js';
import { configureForIngesting, setBusyTimeout } from '../db/sqlite.js';
import { fileIdentity, ReplaceError, settleJournal } from '../db/files.js';
import { assertCodebookDatabase, assertWritable } from '../db/identity.js';
import { acquireWriterLock, DEFAULT_WAIT_MS, retryWhileBusy, waitText, WriterBusyError, type WriterOptions } from '../db/writer-lock.js';
import { procedures, sourceDocuments } from '../schema/tables.js';
import { build, BuildError, inTransaction, type BuildOptions, type BuildReport, type Placer } from './build.js';
import { releaseCatalogSources } from './catalog.js';
import { processDocuments } from './documents.js';
import { listDocuments } from './read.js';

/** Places each document against what the database holds for its code or its path. */
function placeAgainstDatabase(db: CodebookDatabase): Placer {
  // Two indexed lookups, by code and by path: one OR across the two tables would scan every
  // document for each one placed, making an ingest quadratic.
  const existing = (where: SQL) =>
    db
      .select({ id: sourceDocuments.id, sha256: sourceDocuments.sha256, code: procedures.code })
      .from(sourceDocuments)
      .innerJoin(procedures, sql`${procedures.documentId} = ${sourceDocuments.id}`)
      .where(where);
  const existingStatement = union(
    existing(sql`${procedures.code} = ${sql.placeholder('code')}`),
    existing(sql`${sourceDocuments.path} = ${sql.placeholder('path')}`),
  ).prepare();
  const removeStatement = db
    .delete(sourceDocuments)
    .where(sql`${sourceDocuments.id} = ${sql.placeholder('id')}`)
    .prepare();
  return ({ rows, source }) => {
    const existing = existingStatement.all({ code: rows.code, path: source.path });
    if (existing.length === 0) return 'created';
    if (existing.length === 1 && existing[0]!.code === rows.code && existing[0]!.sha256 === source.sha256) return 'unchanged';
    releaseCatalogSources(
      db,
      existing.map((e) => e.id),
    );
    // Deleting the document cascades to every fact it contributed (and its search row, by trigger).
    for (const { id } of existing) removeStatement.run({ id });
    return 'updated';
  };
}

export interface IngestOptions extends BuildOptions, WriterOptions {}

/** The page cache's bound while ingesting, in KiB: a ceiling, not an allocation (pages are allocated as the changes need them). */
const INGEST_CACHE_KIB = 4 * 1024 * 1024;

export async function ingest(inputs: readonly string[], target: string, options: IngestOptions = {}): Promise<BuildReport> {
  if (!existsSync(target)) throw new BuildError(`no database at ${target}: run \`codebook provision\` first`);
  const files = listDocuments(inputs);
  if (files.length === 0) throw new BuildError(`no documents (*.txt) in ${inputs.join(', ')}; ${target} was not changed`);
  // Checked before taking the lock, so that no lock file is made beside a device or a foreign file.
  assertWritable(target, 'ingest');
  const documents = processDocuments(files);
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  try {
    const lock = await acquireWriterLock(target, options);
    try {
      // Opened only now: a provision that held the lock may have put a new file at the path.
      await settleJournal(target, options);
      const opened = fileIdentity(target);
      const db = openDatabase(target, { busyTimeoutMs: waitMs });
      try {
        const sqlite = db.$client;
        assertCodebookDatabase(sqlite, target);
        configureForIngesting(sqlite, INGEST_CACHE_KIB);
        const commitAfterReaders = () => {
          setBusyTimeout(sqlite, 0);
          return retryWhileBusy(
            () => sqlite.exec('COMMIT'),
            options,
            `waiting for readers of ${target} to finish`,
            () =>
              new WriterBusyError(
                `readers kept reading ${target} for ${waitText(waitMs)}; the ingest was rolled back and nothing ` +
                  `was changed: try again, or wait longer with --wait SECONDS`,
              ),
          );
        };
        const report = await inTransaction(
          db,
          'BEGIN IMMEDIATE',
          () => build(db, 'ingest', documents, target, placeAgainstDatabase(db), options),
          commitAfterReaders,
        );
        if (fileIdentity(target) !== opened) {
          throw new ReplaceError(
            `${target} was replaced by another program during this ingest, which was committed to the file it replaced: ingest again`,
          );
        }
        return report;
      } finally {
        db.$client.close();
      }
    } finally {
      lock.release();
    }
  } finally {
    await documents.close();
  }
}
