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
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { SQLiteSyncDialect, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { CodebookDatabase } from '../db/connection.js';
import { EVERYWHERE, within, type ChangeScope } from '../db/scope.js';
import { CATALOG_NAMES, type CatalogName } from '../domain/fields.js';
import { CATALOGS, catalogEntryUsed, catalogUses, ownerOf, payerUsed, type Catalog } from '../schema/fields.js';
import { catalogClaims, documentDiagnostics, payers, procedurePayers, procedures, sourceDocuments } from '../schema/index.js';

const CATALOG_CONFLICT_RULE = 'catalog-conflict';

const column = (c: SQLiteColumn) => sql.identifier(c.name);
const dialect = new SQLiteSyncDialect();
const CATALOG_ENTRIES = Object.entries(CATALOGS) as [CatalogName, Catalog][];

/** What a conflict is about, as its message begins: `the description of modifier 76`. */
const conflictSubject = ({ fact }: Catalog, code: SQLWrapper) => sql`printf('%s %s', ${fact}, ${code})`;

/**
 * Resolves the catalog entries `scope` touches (every entry without one), and records their
 * conflicts. An ingest or a removal resolves again in full only the entries whose winner may have
 * changed — its document was removed, or a document the run wrote claims the entry with a smaller
 * (not own, path) — and for every other entry, whose winner stands, only records the conflicts of
 * the documents the run wrote: the conflicts of the others name that winner and stay true. So the
 * cost follows the documents changed, not how many documents claim the entries they mention.
 */
export function resolveCatalogs(db: CodebookDatabase, scope?: ChangeScope): void {
  if (scope === undefined) {
    db.run(sql`DELETE FROM ${documentDiagnostics} WHERE ${documentDiagnostics.rule} = ${CATALOG_CONFLICT_RULE}`);
    for (const [name, target] of CATALOG_ENTRIES) resolveInFull(db, name, target, sql`1`);
    return;
  }
  const written = JSON.stringify(scope.procedureCodes);
  for (const [name, target] of CATALOG_ENTRIES) {
    const { full, standing } = byWinner(db, name, target, scope.entries[name], written);
    if (full.length > 0) {
      // The conflicts about these entries: the messages that begin with their subject and a space,
      // one range of the (rule, message) index each (a space sorts just before '!').
      const subject = conflictSubject(target, sql`entry.value`);
      db.run(sql`
        DELETE FROM ${documentDiagnostics} WHERE ${documentDiagnostics.id} IN (
          SELECT ${documentDiagnostics.id} FROM json_each(${JSON.stringify(full)}) AS entry
          JOIN ${documentDiagnostics} ON ${documentDiagnostics.rule} = ${CATALOG_CONFLICT_RULE}
            AND ${documentDiagnostics.message} >= ${subject} || ' ' AND ${documentDiagnostics.message} < ${subject} || '!')`);
      resolveInFull(db, name, target, among(full));
    }
    if (standing.length > 0) {
      recordConflicts(
        db,
        name,
        target,
        sql`${among(standing)(catalogClaims.code)} AND ${catalogClaims.procedureCode} IN (SELECT value FROM json_each(${written}))`,
      );
    }
  }
}

/** `code IN` the values given, as one bound parameter. */
const among = (values: readonly string[]) => (code: SQLWrapper) => sql`${code} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;

/** The rank of a claim: the least wins (a document's own row, then the first path). */
const rank = sql`(1 - ${catalogClaims.isOwn}) || ${sourceDocuments.path}`;

/**
 * The entries among `codes` of catalog `name` to resolve in full — no winner (its document was
 * removed, or none states a value), or one that a claim by the documents of `procedureCodes` (the
 * documents the run wrote) outranks — and those whose winner stands. The winner's rank comes from
 * its document; the written documents' claims are found by their codes: no entry's claims are read.
 */
function byWinner(
  db: CodebookDatabase,
  name: CatalogName,
  { table, code, source }: Catalog,
  codes: readonly string[],
  procedureCodes: string,
) {
  const written = db.all<{ code: string; rank: string }>(sql`
    SELECT ${catalogClaims.code} AS code, min(${rank}) AS rank
    FROM ${catalogClaims} JOIN ${sourceDocuments} ON ${sourceDocuments.id} = ${catalogClaims.documentId}
    WHERE ${catalogClaims.procedureCode} IN (SELECT value FROM json_each(${procedureCodes}))
      AND ${catalogClaims.catalog} = ${name} AND ${catalogClaims.value} IS NOT NULL
    GROUP BY ${catalogClaims.code}`);
  const bestWritten = new Map(written.map((w) => [w.code, w.rank]));
  // The winner's rank: its document's best claim on the entry, found by that document's code, one
  // entry at a time (a lookup of the claims' primary keys; a join would read every claim of the entry).
  const claimRank = db.$client
    .prepare<[string, string, string], string | null>(
      dialect.sqlToQuery(sql`
        SELECT min(${rank}) FROM ${catalogClaims} JOIN ${sourceDocuments} ON ${sourceDocuments.id} = ${catalogClaims.documentId}
        WHERE ${catalogClaims.procedureCode} = ? AND ${catalogClaims.catalog} = ? AND ${catalogClaims.code} = ?
          AND ${catalogClaims.value} IS NOT NULL`).sql,
    )
    .pluck();
  const winners = db
    .all<{ code: string; owner: string | null }>(
      sql`SELECT ${code} AS code, (SELECT ${procedures.code} FROM ${procedures} WHERE ${procedures.documentId} = ${source}) AS owner
          FROM ${table} WHERE ${among(codes)(code)}`,
    )
    .map(({ code, owner }) => ({ code, rank: owner === null ? null : (claimRank.get(owner, name, code) ?? null) }));
  const stands = (w: { code: string; rank: string | null }) => {
    const challenger = bestWritten.get(w.code);
    return w.rank !== null && (challenger === undefined || challenger > w.rank);
  };
  return { full: winners.filter((w) => !stands(w)).map((w) => w.code), standing: winners.filter(stands).map((w) => w.code) };
}

/** Resolves the entries of catalog `name` that `entries` keeps, and records all their conflicts. */
function resolveInFull(db: CodebookDatabase, name: CatalogName, target: Catalog, entries: SQL | ((code: SQLWrapper) => SQL)): void {
  const { table, code: key, value, source } = target;
  const keeps = (code: SQLWrapper) => (typeof entries === 'function' ? entries(code) : entries);
  db.run(sql`UPDATE ${table} SET ${column(value)} = NULL, ${column(source)} = NULL WHERE ${keeps(key)}`);
  // The winner of each code is the claim with the least (not own, path): SQLite takes the bare
  // columns of an aggregate query from the row that min() chose.
  db.run(sql`
    WITH winner AS (
      SELECT ${catalogClaims.code} AS code, ${catalogClaims.value} AS value, ${catalogClaims.documentId} AS document_id, min(${rank})
      FROM ${catalogClaims} JOIN ${sourceDocuments} ON ${sourceDocuments.id} = ${catalogClaims.documentId}
      WHERE ${catalogClaims.catalog} = ${name} AND ${keeps(catalogClaims.code)} AND ${catalogClaims.value} IS NOT NULL
      GROUP BY ${catalogClaims.code}
    )
    UPDATE ${table} SET ${column(value)} = winner.value, ${column(source)} = winner.document_id
    FROM winner WHERE winner.code = ${key}`);
  recordConflicts(db, name, target, keeps(catalogClaims.code));
}

/** Records a conflict for each claim `claims` keeps on catalog `name` whose value is not the entry's. */
function recordConflicts(db: CodebookDatabase, name: CatalogName, target: Catalog, claims: SQL): void {
  const { table, code: key, value, source } = target;
  db.run(sql`
    INSERT INTO ${documentDiagnostics} (document_id, line, severity, rule, message)
    SELECT ${catalogClaims.documentId}, ${catalogClaims.line}, 'warning', ${CATALOG_CONFLICT_RULE},
           printf('%s differs between documents: this one says %s; %s says %s, which is kept',
                  ${conflictSubject(target, catalogClaims.code)}, json_quote(${catalogClaims.value}),
                  ${sourceDocuments.path}, json_quote(${value}))
    FROM ${catalogClaims}
    JOIN ${table} ON ${key} = ${catalogClaims.code}
    JOIN ${sourceDocuments} ON ${sourceDocuments.id} = ${source}
    WHERE ${catalogClaims.catalog} = ${name} AND ${claims} AND ${catalogClaims.value} IS NOT NULL AND ${catalogClaims.value} <> ${value}
    ORDER BY ${catalogClaims.documentId}, ${catalogClaims.line}`);
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
