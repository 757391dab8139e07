/**
 * The catalog rule, in one place. A catalog fact (a code's descriptor, a modifier's description,
 * a diagnosis's description, a taxonomy's specialty) has one value per code, resolved from what
 * the documents state (the `catalog_claims` view):
 *   1. a document's own row about its own code wins;
 *   2. otherwise the first document in sorted path order that states a value wins;
 *   3. a document that left it unknown never blanks a value another document gives.
 * Every other stated value is a conflict, recorded as a warning on the losing document that names
 * the winning one. Run after every provision and ingest, over the whole database, so the result
 * depends only on the documents, never on the order they arrived in.
 */
import { sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { CodebookDatabase } from '../db/connection.js';
import type { CatalogName } from '../domain/fields.js';
import { CATALOGS, catalogUses, type Catalog } from '../schema/fields.js';
import { catalogClaims, documentDiagnostics, payers, procedurePayers, sourceDocuments } from '../schema/index.js';

const CATALOG_CONFLICT_RULE = 'catalog-conflict';

const column = (c: SQLiteColumn) => sql.identifier(c.name);

export function resolveCatalogs(db: CodebookDatabase): void {
  db.run(sql`DELETE FROM ${documentDiagnostics} WHERE ${documentDiagnostics.rule} = ${CATALOG_CONFLICT_RULE}`);
  for (const [name, target] of Object.entries(CATALOGS) as [string, Catalog][]) {
    const { table, code: key, value, source, fact } = target;
    db.run(sql`UPDATE ${table} SET ${column(value)} = NULL, ${column(source)} = NULL`);
    // The winner of each code is the claim with the least (not own, path): SQLite takes the bare
    // columns of an aggregate query from the row that min() chose.
    db.run(sql`
      WITH winner AS (
        SELECT ${catalogClaims.code} AS code, ${catalogClaims.value} AS value, ${catalogClaims.documentId} AS document_id,
               min((1 - ${catalogClaims.isOwn}) || ${sourceDocuments.path})
        FROM ${catalogClaims} JOIN ${sourceDocuments} ON ${sourceDocuments.id} = ${catalogClaims.documentId}
        WHERE ${catalogClaims.catalog} = ${name} AND ${catalogClaims.value} IS NOT NULL
        GROUP BY ${catalogClaims.code}
      )
      UPDATE ${table} SET ${column(value)} = winner.value, ${column(source)} = winner.document_id
      FROM winner WHERE winner.code = ${key}`);
    db.run(sql`
      INSERT INTO ${documentDiagnostics} (document_id, line, severity, rule, message)
      SELECT ${catalogClaims.documentId}, ${catalogClaims.line}, 'warning', ${CATALOG_CONFLICT_RULE},
             printf('%s %s differs between documents: this one says %s; %s says %s, which is kept',
                    ${fact}, ${catalogClaims.code}, json_quote(${catalogClaims.value}), ${sourceDocuments.path}, json_quote(${value}))
      FROM ${catalogClaims}
      JOIN ${table} ON ${key} = ${catalogClaims.code}
      JOIN ${sourceDocuments} ON ${sourceDocuments.id} = ${source}
      WHERE ${catalogClaims.catalog} = ${name} AND ${catalogClaims.value} IS NOT NULL AND ${catalogClaims.value} <> ${value}
      ORDER BY ${catalogClaims.documentId}, ${catalogClaims.line}`);
  }
}

/** Lets go of the catalog values `documentIds` supplied, before those documents are removed. */
export function releaseCatalogSources(db: CodebookDatabase, documentIds: readonly number[]): void {
  const ids = sql`(SELECT value FROM json_each(${JSON.stringify(documentIds)}))`;
  for (const { table, value, source } of Object.values(CATALOGS) as Catalog[]) {
    db.run(sql`UPDATE ${table} SET ${column(value)} = NULL, ${column(source)} = NULL WHERE ${source} IN ${ids}`);
  }
}

/** Removes catalog entries no document mentions any more (after documents were replaced). */
export function pruneCatalogs(db: CodebookDatabase): void {
  for (const [name, { table, code }] of Object.entries(CATALOGS) as [string, Catalog][]) {
    const users = catalogUses(name as CatalogName).map((use) => sql`SELECT ${use.code} FROM ${use.table}`);
    db.run(sql`DELETE FROM ${table} WHERE ${code} NOT IN (${sql.join(users, sql` UNION ALL `)})`);
  }
  db.run(sql`DELETE FROM ${payers} WHERE ${payers.name} NOT IN (SELECT ${procedurePayers.payerName} FROM ${procedurePayers})`);
}
