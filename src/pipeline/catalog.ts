/**
 * The catalog rule, in one place. A catalog fact (a code's descriptor, a modifier's description,
 * a diagnosis's description, a taxonomy's specialty) has one value per code, resolved from what
 * the documents state (the `catalog_claims` view):
 *   1. a document's own row about its own code wins;
 *   2. otherwise the first document in sorted path order that states a value wins;
 *   3. a document that left it unknown never blanks a value another document gives.
 * Every other stated value is a conflict, recorded as a warning on the losing document that names
 * the winning one. A provision resolves every entry; an ingest or a removal resolves the entries
 * the documents it wrote or removed mention — every claim on any other entry is as it was — so the
 * result depends only on the documents, never on the order they arrived in.
 */
import { sql, type SQLWrapper } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { CodebookDatabase } from '../db/connection.js';
import { EVERYWHERE, within, type ChangeScope } from '../db/scope.js';
import { CATALOG_NAMES, type CatalogName } from '../domain/fields.js';
import { CATALOGS, catalogEntryUsed, catalogUses, ownerOf, payerUsed, type Catalog } from '../schema/fields.js';
import { catalogClaims, documentDiagnostics, payers, procedurePayers, procedures, sourceDocuments } from '../schema/index.js';

const CATALOG_CONFLICT_RULE = 'catalog-conflict';

const column = (c: SQLiteColumn) => sql.identifier(c.name);
const CATALOG_ENTRIES = Object.entries(CATALOGS) as [CatalogName, Catalog][];

/** What a conflict is about, as its message begins: `the description of modifier 76`. */
const conflictSubject = ({ fact }: Catalog, code: SQLWrapper) => sql`printf('%s %s', ${fact}, ${code})`;

/** Resolves the catalog entries `scope` touches (every entry without one), and records their conflicts anew. */
export function resolveCatalogs(db: CodebookDatabase, scope?: ChangeScope): void {
  const where = scope === undefined ? EVERYWHERE : within(scope);
  if (scope === undefined) db.run(sql`DELETE FROM ${documentDiagnostics} WHERE ${documentDiagnostics.rule} = ${CATALOG_CONFLICT_RULE}`);
  for (const [name, target] of CATALOG_ENTRIES) {
    const { table, code: key, value, source } = target;
    const claimed = sql`${catalogClaims.catalog} = ${name} AND ${where.entries(name, catalogClaims.code)}`;
    if (scope !== undefined) {
      // The conflicts about these entries: the messages that begin with their subject and a space,
      // one range of the (rule, message) index each (a space sorts just before '!').
      const subject = conflictSubject(target, sql`entry.value`);
      db.run(sql`
        DELETE FROM ${documentDiagnostics} WHERE ${documentDiagnostics.id} IN (
          SELECT ${documentDiagnostics.id} FROM json_each(${JSON.stringify(scope.entries[name])}) AS entry
          JOIN ${documentDiagnostics} ON ${documentDiagnostics.rule} = ${CATALOG_CONFLICT_RULE}
            AND ${documentDiagnostics.message} >= ${subject} || ' ' AND ${documentDiagnostics.message} < ${subject} || '!')`);
    }
    db.run(sql`UPDATE ${table} SET ${column(value)} = NULL, ${column(source)} = NULL WHERE ${where.entries(name, key)}`);
    // The winner of each code is the claim with the least (not own, path): SQLite takes the bare
    // columns of an aggregate query from the row that min() chose.
    db.run(sql`
      WITH winner AS (
        SELECT ${catalogClaims.code} AS code, ${catalogClaims.value} AS value, ${catalogClaims.documentId} AS document_id,
               min((1 - ${catalogClaims.isOwn}) || ${sourceDocuments.path})
        FROM ${catalogClaims} JOIN ${sourceDocuments} ON ${sourceDocuments.id} = ${catalogClaims.documentId}
        WHERE ${claimed} AND ${catalogClaims.value} IS NOT NULL
        GROUP BY ${catalogClaims.code}
      )
      UPDATE ${table} SET ${column(value)} = winner.value, ${column(source)} = winner.document_id
      FROM winner WHERE winner.code = ${key}`);
    db.run(sql`
      INSERT INTO ${documentDiagnostics} (document_id, line, severity, rule, message)
      SELECT ${catalogClaims.documentId}, ${catalogClaims.line}, 'warning', ${CATALOG_CONFLICT_RULE},
             printf('%s differs between documents: this one says %s; %s says %s, which is kept',
                    ${conflictSubject(target, catalogClaims.code)}, json_quote(${catalogClaims.value}),
                    ${sourceDocuments.path}, json_quote(${value}))
      FROM ${catalogClaims}
      JOIN ${table} ON ${key} = ${catalogClaims.code}
      JOIN ${sourceDocuments} ON ${sourceDocuments.id} = ${source}
      WHERE ${claimed} AND ${catalogClaims.value} IS NOT NULL AND ${catalogClaims.value} <> ${value}
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

/** Removes the catalog entries and payers `scope` touches (any, without one) that no document mentions any more. */
export function pruneCatalogs(db: CodebookDatabase, scope?: ChangeScope): void {
  const where = scope === undefined ? EVERYWHERE : within(scope);
  for (const [name, { table, code }] of CATALOG_ENTRIES) {
    db.run(sql`DELETE FROM ${table} WHERE ${where.entries(name, code)} AND NOT ${catalogEntryUsed(name, code)}`);
  }
  db.run(sql`DELETE FROM ${payers} WHERE ${where.payers(payers.name)} AND NOT ${payerUsed(payers.name)}`);
}

/** The catalog entries and payers some documents mention. */
export type Mentions = Pick<ChangeScope, 'entries' | 'payers'>;

/** What the documents of `procedureCodes` mention: their codes' entries in each catalog, and their payers. */
export function mentionedBy(db: CodebookDatabase, procedureCodes: readonly string[]): Mentions {
  const codes = JSON.stringify(procedureCodes);
  const values = (query: ReturnType<typeof sql>): string[] => db.all<{ code: string }>(query).map((row) => row.code);
  const entries = Object.fromEntries(
    CATALOG_NAMES.map((name) => {
      const selects = catalogUses(name).map(({ table, code }) => {
        const owner = table === procedures ? procedures.code : ownerOf(table).procedureCode;
        return sql`SELECT ${code} AS code FROM ${table} WHERE ${owner} IN (SELECT value FROM json_each(${codes}))`;
      });
      return [name, values(sql.join(selects, sql` UNION `))];
    }),
  ) as Record<CatalogName, string[]>;
  const payerNames = values(
    sql`SELECT DISTINCT ${procedurePayers.payerName} AS code FROM ${procedurePayers}
        WHERE ${procedurePayers.procedureCode} IN (SELECT value FROM json_each(${codes}))`,
  );
  return { entries, payers: payerNames };
}
