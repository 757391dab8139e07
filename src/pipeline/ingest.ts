/**
 * Ingest: adds or updates documents in an existing database, in one transaction, while readers
 * keep reading (WAL: they see the data before or after, never half). A document is identified by
 * its code (one document per code): an unchanged one (same sha256) is a no-op; a changed one
 * replaces exactly the facts its previous version contributed, and the catalogs are resolved
 * again over every document, so the result is the same as a provision of the whole corpus.
 * Any error in any document changes nothing.
 */
import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { CodebookDatabase } from '../db/connection.js';
import { openDatabase } from '../db/connection.js';
import { assertCurrent } from '../db/migrate.js';
import { procedures, sourceDocuments } from '../schema/tables.js';
import { build, BuildError, inTransaction, type BuildOptions, type BuildReport, type Placer } from './build.js';
import { releaseCatalogSources } from './catalog.js';
import { processDocuments } from './documents.js';
import { listDocuments } from './read.js';

/** Places each document against what the database holds for its code or its path. */
function placeAgainstDatabase(db: CodebookDatabase): Placer {
  const existingStatement = db
    .select({ id: sourceDocuments.id, sha256: sourceDocuments.sha256, code: procedures.code })
    .from(sourceDocuments)
    .innerJoin(procedures, sql`${procedures.documentId} = ${sourceDocuments.id}`)
    .where(sql`${procedures.code} = ${sql.placeholder('code')} OR ${sourceDocuments.path} = ${sql.placeholder('path')}`)
    .prepare();
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

export async function ingest(inputs: readonly string[], target: string, options: BuildOptions = {}): Promise<BuildReport> {
  if (!existsSync(target)) throw new BuildError(`no database at ${target}: run \`codebook provision\` first`);
  const files = listDocuments(inputs);
  if (files.length === 0) throw new BuildError(`no documents (*.txt) in ${inputs.join(', ')}; ${target} was not changed`);
  const documents = processDocuments(files);
  try {
    const db = openDatabase(target);
    try {
      assertCurrent(db.$client, target);
      db.$client.pragma('journal_mode = WAL');
      return await inTransaction(db, 'BEGIN IMMEDIATE', () => build(db, 'ingest', documents, target, placeAgainstDatabase(db), options));
    } finally {
      db.$client.close();
    }
  } finally {
    await documents.close();
  }
}
