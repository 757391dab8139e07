/**
 * Data tests, run before any build run commits (dbt-style: unique, not null, relationships,
 * accepted values): over the whole database, on top of SQLite's own integrity and foreign key
 * checks, after a provision and by `codebook verify`; over what it changed after an ingest or a
 * removal. The constraints in the schema already refuse most bad rows; these check what a
 * constraint cannot express: that every unknown value is explicitly recorded, and only those.
 *
 * The checks are made from the fields (src/domain/fields.ts) and where they are stored
 * (src/schema/fields.ts), with drizzle's column objects: a field has its checks as soon as it has
 * its column.
 */
import type Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  entryFields,
  LIST_FIELDS,
  NAMES_FIELDS,
  PROSE_FIELDS,
  RECORD_FIELDS,
  TEXT_FIELDS,
  WORKFLOW_FIELDS,
  type CatalogName,
  type ListField,
} from '../domain/fields.js';
import {
  CATALOGS,
  catalogEntryUsed,
  columnOf,
  LIST_TABLES,
  NAMES_TABLES,
  ownerOf,
  payerUsed,
  PROCEDURE_COLUMNS,
} from '../schema/fields.js';
import { EVERYWHERE, within, type ChangeScope, type Within } from './scope.js';
import { codeSearch } from '../schema/search.js';
import { catalogClaims, payers, procedures, procedureWorkflowSteps, sourceDocuments, unknownValues } from '../schema/index.js';

export interface CheckFailure {
  readonly check: string;
  readonly violations: number;
  readonly sample: unknown[];
}

export class DataCheckError extends Error {
  override name = 'DataCheckError';
  constructor(readonly failures: readonly CheckFailure[]) {
    super(
      `data checks failed: ${failures
        .map((f) => `${f.check} (${f.violations}${f.sample.length ? `, e.g. ${JSON.stringify(f.sample[0])}` : ''})`)
        .join('; ')}`,
    );
  }
}

interface DataCheck {
  readonly name: string;
  /** A query for the rows that violate the check. */
  readonly sql: SQL;
}

const literal = (text: string): SQL => sql.raw(`'${text.replaceAll("'", "''")}'`);
const unionAll = (queries: readonly SQL[]): SQL => sql.join([...queries], sql` UNION ALL `);

/** Whether the unknown_values row of one field of one record or entry exists. */
const isUnknown = (documentId: SQLiteColumn, scope: string, itemKey: SQLiteColumn, field: string): SQL =>
  sql`EXISTS (SELECT 1 FROM ${unknownValues}
        WHERE ${unknownValues.documentId} = ${documentId} AND ${unknownValues.scope} = ${literal(scope)}
          AND ${unknownValues.itemKey} = ${itemKey} AND ${unknownValues.field} = ${literal(field)})`;

/** A column that is NULL exactly when its field is recorded unknown, in the rows of the procedures `within` keeps. */
const nullExactlyWhenUnknown = (
  within: Within,
  table: SQLiteTable,
  column: SQLiteColumn,
  owner: SQLiteColumn,
  key: SQLiteColumn,
  scope: string,
  field: string,
): DataCheck => ({
  name: `${tableName(table)}.${column.name} is NULL exactly when unknown`,
  sql: sql`SELECT ${owner} AS code, ${key} AS item FROM ${table}
           WHERE ${within.procedures(owner)}
             AND (${column} IS NULL) <> ${isUnknown(columnOf(table, 'documentId'), scope, key, field)}`,
});

const tableName = (table: SQLiteTable): string => (table as unknown as Record<symbol, string>)[Symbol.for('drizzle:Name')]!;

/** The tables whose rows are the items of a names field or the entries of a list field, with the field. */
const ITEM_TABLES: readonly { readonly field: string; readonly table: SQLiteTable }[] = [
  ...NAMES_FIELDS.map((field) => ({ field, table: NAMES_TABLES[field].table })),
  ...LIST_FIELDS.map((field) => ({ field, table: LIST_TABLES[field].table })),
];

const listCode = (list: ListField): SQLiteColumn => columnOf(LIST_TABLES[list].table, LIST_TABLES[list].code);

const CATALOG_ENTRIES = Object.entries(CATALOGS) as [CatalogName, (typeof CATALOGS)[CatalogName]][];

/**
 * The data checks over the part of the database `within` keeps: every document and catalog entry
 * for provision and `codebook verify`, what a build run changed for ingest and remove.
 */
function dataChecks(within: Within): DataCheck[] {
  const ownedBy = (table: SQLiteTable) => within.procedures(ownerOf(table).procedureCode);
  const unknownOfScope = within.procedures(unknownValues.procedureCode);
  return [
    ...[...TEXT_FIELDS, ...PROSE_FIELDS].map((field) =>
      nullExactlyWhenUnknown(within, procedures, procedures[PROCEDURE_COLUMNS[field]], procedures.code, procedures.code, 'record', field),
    ),
    ...LIST_FIELDS.flatMap((list) => {
      const { table, fields } = LIST_TABLES[list] as { table: SQLiteTable; fields: Record<string, string> };
      return entryFields(list).map((field) =>
        nullExactlyWhenUnknown(within, table, columnOf(table, fields[field]!), ownerOf(table).procedureCode, listCode(list), list, field),
      );
    }),
    ...ITEM_TABLES.map(({ field, table }) => ({
      name: `${tableName(table)} has no rows for a procedure whose ${field} are unknown`,
      sql: sql`SELECT ${unknownValues.procedureCode} AS code FROM ${unknownValues}
               WHERE ${unknownOfScope} AND ${unknownValues.scope} = 'record' AND ${unknownValues.field} = ${literal(field)}
                 AND EXISTS (SELECT 1 FROM ${table} WHERE ${ownerOf(table).procedureCode} = ${unknownValues.procedureCode})`,
    })),
    {
      name: 'each workflow phase is either stated or unknown',
      sql: unionAll(
        WORKFLOW_FIELDS.map(
          (field) => sql`SELECT ${procedures.code}, ${literal(RECORD_FIELDS[field].phase)} AS phase FROM ${procedures}
            WHERE ${within.procedures(procedures.code)}
              AND EXISTS (SELECT 1 FROM ${procedureWorkflowSteps} WHERE ${procedureWorkflowSteps.procedureCode} = ${procedures.code}
                            AND ${procedureWorkflowSteps.phase} = ${literal(RECORD_FIELDS[field].phase)})
                = ${isUnknown(procedures.documentId, 'record', procedures.code, field)}`,
        ),
      ),
    },
    {
      name: 'every unknown value of an entry belongs to an entry of its list',
      sql: unionAll(
        LIST_FIELDS.map((list) => {
          const { table } = LIST_TABLES[list];
          return sql`SELECT ${unknownValues.procedureCode} AS code, ${unknownValues.itemKey} AS item FROM ${unknownValues}
            WHERE ${unknownOfScope} AND ${unknownValues.scope} = ${literal(list)} AND NOT EXISTS (SELECT 1 FROM ${table}
              WHERE ${ownerOf(table).procedureCode} = ${unknownValues.procedureCode} AND ${listCode(list)} = ${unknownValues.itemKey})`;
        }),
      ),
    },
    {
      name: 'unknown values of the record are keyed by its own code',
      sql: sql`SELECT ${unknownValues.procedureCode} AS code, ${unknownValues.itemKey} AS item FROM ${unknownValues}
               WHERE ${unknownOfScope} AND ${unknownValues.scope} = 'record'
                 AND ${unknownValues.itemKey} <> ${unknownValues.procedureCode}`,
    },
    {
      name: 'every catalog value is one its source document states',
      sql: unionAll(
        CATALOG_ENTRIES.map(
          ([name, { table, code, value, source }]) => sql`SELECT ${literal(name)} AS catalog, ${code} AS code FROM ${table}
            WHERE ${within.entries(name, code)} AND ${value} IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM ${catalogClaims} WHERE ${catalogClaims.catalog} = ${literal(name)}
                AND ${catalogClaims.code} = ${code} AND ${catalogClaims.documentId} = ${source} AND ${catalogClaims.value} = ${value})`,
        ),
      ),
    },
    {
      name: 'every catalog entry is used by some document',
      sql: unionAll([
        ...CATALOG_ENTRIES.map(
          ([name, { table, code }]) => sql`SELECT ${literal(name)} AS catalog, ${code} AS code FROM ${table}
            WHERE ${within.entries(name, code)} AND NOT ${catalogEntryUsed(name, code)}`,
        ),
        sql`SELECT 'payer', ${payers.name} FROM ${payers}
            WHERE ${within.payers(payers.name)} AND NOT ${payerUsed(payers.name)}`,
      ]),
    },
    {
      name: 'positions run 1..n in each document',
      sql: unionAll(
        ITEM_TABLES.map(({ table }) => {
          const { procedureCode } = ownerOf(table);
          const position = columnOf(table, 'position');
          return sql`SELECT ${literal(tableName(table))} AS list, ${procedureCode} AS code FROM ${table} WHERE ${ownedBy(table)}
            GROUP BY ${procedureCode} HAVING min(${position}) <> 1 OR max(${position}) <> count(*)`;
        }),
      ),
    },
    {
      name: 'every procedure, and nothing else, is in the full-text index',
      sql: sql`SELECT ${procedures.documentId} AS missing FROM ${procedures}
                 WHERE ${within.procedures(procedures.code)}
                   AND NOT EXISTS (SELECT 1 FROM ${codeSearch} WHERE rowid = ${procedures.documentId})
               UNION ALL SELECT rowid FROM ${codeSearch}
                 WHERE ${within.documents(sql`rowid`)}
                   AND NOT EXISTS (SELECT 1 FROM ${procedures} WHERE ${procedures.documentId} = ${codeSearch}.rowid)`,
    },
    {
      name: 'every source document has its procedure',
      sql: sql`SELECT ${sourceDocuments.path} FROM ${sourceDocuments}
               WHERE ${within.documents(sourceDocuments.id)}
                 AND NOT EXISTS (SELECT 1 FROM ${procedures} WHERE ${procedures.documentId} = ${sourceDocuments.id})`,
    },
  ];
}

const SAMPLE_SIZE = 3;
const dialect = new SQLiteSyncDialect();

/** The checks of the whole database, made once. */
const EVERY_CHECK = dataChecks(EVERYWHERE);

/** The names of the data checks, in the order they run (after SQLite's integrity and foreign key checks). */
export const DATA_CHECK_NAMES: readonly string[] = EVERY_CHECK.map((check) => check.name);

/**
 * Runs the checks; throws DataCheckError listing each failed one. Without a scope, every check over
 * the whole database, SQLite's integrity and foreign key checks first (provision, `codebook
 * verify`). With one, the data checks of what a build run changed: an ingest or a removal, whose
 * connection enforces foreign keys on every statement, so none can be broken, and which changes
 * the file's pages only through SQLite.
 */
export function runDataChecks(sqlite: Database.Database, scope?: ChangeScope): void {
  const failures = dataCheckFailures(sqlite, scope);
  if (failures.length > 0) throw new DataCheckError(failures);
}

/** The checks runDataChecks runs, and each one that failed. */
export function dataCheckFailures(sqlite: Database.Database, scope?: ChangeScope): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (scope === undefined) failures.push(...sqliteChecks(sqlite));
  for (const check of scope === undefined ? EVERY_CHECK : dataChecks(within(scope))) {
    const query = dialect.sqlToQuery(check.sql);
    const rows = sqlite.prepare(query.sql).all(...query.params);
    if (rows.length > 0) failures.push({ check: check.name, violations: rows.length, sample: rows.slice(0, SAMPLE_SIZE) });
  }
  return failures;
}

/** SQLite's own checks of the whole file: its structure, and every foreign key. */
function sqliteChecks(sqlite: Database.Database): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const integrity = sqlite.pragma('integrity_check') as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') {
    failures.push({ check: 'PRAGMA integrity_check', violations: integrity.length, sample: integrity.slice(0, SAMPLE_SIZE) });
  }
  const foreignKeys = sqlite.pragma('foreign_key_check') as unknown[];
  if (foreignKeys.length > 0) {
    failures.push({ check: 'PRAGMA foreign_key_check', violations: foreignKeys.length, sample: foreignKeys.slice(0, SAMPLE_SIZE) });
  }
  return failures;
}
