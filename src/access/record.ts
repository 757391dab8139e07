/**
 * A documented code's record, as `getCode` returns it and `show --json` prints it: its text,
 * names and list fields (src/domain/fields.ts, in that order), which of them are unknown, and the
 * documents they come from. Read in one statement, built from the fields and where they are stored
 * (src/schema/fields.ts); every type below is derived from the drizzle schema.
 */
import { eq, getTableColumns, sql, type Column, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { settled, type Plan, type ReadDatabase } from '../db/plan.js';
import {
  entryFields,
  LIST_ENTRIES,
  LIST_FIELDS,
  RECORD_FIELDS,
  type CatalogName,
  type EntryField,
  type ListField,
  type NamesField,
  type TextField,
} from '../domain/fields.js';
import { CATALOGS, columnOf, LIST_TABLES, NAMES_TABLES, ownerOf, PROCEDURE_COLUMNS } from '../schema/fields.js';
import { codes, procedures, sourceDocuments, unknownValues } from '../schema/tables.js';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];
type Get<T, K> = K extends keyof T ? T[K] : never;
type ListTable<L extends ListField> = (typeof LIST_TABLES)[L];
type ListRow<L extends ListField> = Row<ListTable<L>['table']>;

/** An entry of list field `L`: its code, its fields (null when unknown), and the names of those that are unknown. */
export type Entry<L extends ListField> = { code: Get<ListRow<L>, ListTable<L>['code']> } & {
  [F in EntryField<L>]: Get<ListRow<L>, Get<ListTable<L>['fields'], F>>;
} & {
  /** The fields of this entry its document leaves unknown. */
  unknown: EntryField<L>[];
};

export type ModifierEntry = Entry<'modifiers'>;
export type RelatedCodeEntry = Entry<'relatedCodes'>;
export type DiagnosisEntry = Entry<'diagnoses'>;
export type TaxonomyEntry = Entry<'taxonomies'>;

export interface SourceEntry {
  path: Row<typeof sourceDocuments>['path'];
  sha256: Row<typeof sourceDocuments>['sha256'];
}

/** The fields of the record, in the order it lists them: text, names and list fields. */
export type CodeRecordField = TextField | NamesField | ListField;
export const CODE_RECORD_FIELDS = Object.keys(RECORD_FIELDS).filter((field) =>
  ['text', 'names', 'list'].includes(RECORD_FIELDS[field as CodeRecordField].kind),
) as CodeRecordField[];

type FieldValue<F extends CodeRecordField> = F extends TextField
  ? Row<typeof procedures>[(typeof PROCEDURE_COLUMNS)[F]]
  : F extends NamesField
    ? Get<Row<(typeof NAMES_TABLES)[F]['table']>, (typeof NAMES_TABLES)[F]['name']>[]
    : F extends ListField
      ? Entry<F>[]
      : never;

/** A documented code's record: `null` is an unknown text, `[]` an empty list unless the field is named in `unknown`. */
export type CodeRecord = {
  code: Row<typeof procedures>['code'];
  codeSystem: Row<typeof codes>['codeSystem'];
} & { [F in CodeRecordField]: FieldValue<F> } & {
  /** Fields this document leaves unknown: null (or an empty list) here means unknown, not none. */
  unknown: CodeRecordField[];
  /** The documents the facts come from: the code's own first, then those that supplied catalog values. */
  sources: SourceEntry[];
};

/** The catalog value a field shows, and the document it came from. */
const documentOf = alias(sourceDocuments, 'catalog_source');

/** `column` of `aliased`, an alias of `table`. */
function aliasedColumn<T extends SQLiteTable>(aliased: T, table: SQLiteTable, column: SQLiteColumn): SQLiteColumn {
  const key = Object.entries(getTableColumns(table)).find(([, c]) => c === column)![0];
  return columnOf(aliased, key);
}

/**
 * The JSON of one list field's entries inside SQLite: `[[code, field…, catalog path, catalog sha256], …]`
 * in document order, each catalog field with the catalog's value and the document that supplied it.
 */
function entriesJson(list: ListField, owns: (column: SQLiteColumn) => SQL): SQL<unknown[][]> {
  const { table, code, fields } = LIST_TABLES[list] as { table: SQLiteTable; code: string; fields: Record<string, string> };
  const catalog: CatalogName = LIST_ENTRIES[list].catalog;
  const entries = CATALOGS[catalog];
  const catalogTable = alias(entries.table, `${list}_catalog`);
  const codeColumn = columnOf(table, code);
  const values = entryFields(list).map((field) =>
    (LIST_ENTRIES[list].fields as Record<string, { fromCatalog?: true }>)[field]!.fromCatalog
      ? aliasedColumn(catalogTable, entries.table, entries.value)
      : columnOf(table, fields[field]!),
  );
  const columns = sql.join([codeColumn, ...values, documentOf.path, documentOf.sha256], sql`, `);
  return sql`(SELECT json_group_array(json_array(${columns}) ORDER BY ${columnOf(table, 'position')})
      FROM ${table} JOIN ${entries.table} AS ${catalogTable} ON ${aliasedColumn(catalogTable, entries.table, entries.code)} = ${codeColumn}
      LEFT JOIN ${sourceDocuments} AS ${documentOf} ON ${documentOf.id} = ${aliasedColumn(catalogTable, entries.table, entries.source)}
      WHERE ${owns(ownerOf(table).procedureCode)})`.mapWith((json: string) => JSON.parse(json) as unknown[][]);
}

/** The JSON of one names field's names, in document order. */
function namesJson(field: NamesField, owns: (column: SQLiteColumn) => SQL): SQL<string[]> {
  const { table, name } = NAMES_TABLES[field];
  return sql`(SELECT json_group_array(${columnOf(table, name)} ORDER BY ${columnOf(table, 'position')})
      FROM ${table} WHERE ${owns(ownerOf(table).procedureCode)})`.mapWith((json: string) => JSON.parse(json) as string[]);
}

const descriptorSource = alias(sourceDocuments, 'descriptor_source');

/** The value of a text field: the catalog's for a catalog fact (a code's descriptor), else the document's. */
const textColumn = (field: TextField): Column =>
  (RECORD_FIELDS[field] as { catalog?: CatalogName }).catalog === 'code' ? codes.descriptor : procedures[PROCEDURE_COLUMNS[field]];

interface RecordRow {
  readonly code: string;
  readonly codeSystem: CodeRecord['codeSystem'];
  readonly path: string;
  readonly sha256: string;
  readonly descriptorPath: string | null;
  readonly descriptorSha256: string | null;
  readonly unknownFields: string[];
  readonly [field: string]: unknown;
}

/**
 * One statement for the whole record: text fields joined, names and list fields aggregated to
 * JSON inside SQLite, every catalog value with the path and sha256 of the document that supplied it.
 */
function prepareRecordQuery(db: ReadDatabase) {
  const owns = (column: SQLiteColumn) => sql`${column} = ${procedures.code}`;
  const fields: Record<string, SQL | Column> = {};
  for (const field of CODE_RECORD_FIELDS) {
    const { kind } = RECORD_FIELDS[field];
    fields[field] =
      kind === 'text'
        ? textColumn(field as TextField)
        : kind === 'names'
          ? namesJson(field as NamesField, owns)
          : entriesJson(field as ListField, owns);
  }
  return db
    .select({
      code: procedures.code,
      codeSystem: codes.codeSystem,
      path: sourceDocuments.path,
      sha256: sourceDocuments.sha256,
      descriptorPath: descriptorSource.path,
      descriptorSha256: descriptorSource.sha256,
      ...fields,
      unknownFields: sql`(SELECT json_group_array(${unknownValues.field}) FROM ${unknownValues}
        WHERE ${owns(unknownValues.procedureCode)} AND ${unknownValues.scope} = 'record')`.mapWith(
        (json: string) => JSON.parse(json) as string[],
      ),
    })
    .from(procedures)
    .innerJoin(codes, eq(codes.code, procedures.code))
    .innerJoin(sourceDocuments, eq(sourceDocuments.id, procedures.documentId))
    .leftJoin(descriptorSource, eq(descriptorSource.id, codes.descriptorDocumentId))
    .where(eq(procedures.code, sql.placeholder('code')))
    .prepare();
}

const byPath = (a: SourceEntry, b: SourceEntry): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The SQL of the record statement and its parameters (`code` by name), for the benchmark's floor. */
export function recordStatement(db: ReadDatabase): { sql: string; params: unknown[] } {
  const { sql: text, params } = prepareRecordQuery(db).getQuery();
  return { sql: text, params: params.map((p) => (typeof p === 'object' && p !== null && 'name' in p ? (p as { name: string }).name : p)) };
}

/** A record from the row of its statement: each list's entries from their JSON arrays, which fields are unknown, its sources. */
function recordOf(row: RecordRow): CodeRecord {
  const others: SourceEntry[] = [];
  const cited = new Set<string>([row.path]);
  const cite = (path: unknown, sha256: unknown): void => {
    if (typeof path !== 'string' || typeof sha256 !== 'string' || cited.has(path)) return;
    cited.add(path);
    others.push({ path, sha256 });
  };
  cite(row.descriptorPath, row.descriptorSha256);
  const record: Record<string, unknown> = { code: row.code, codeSystem: row.codeSystem };
  const unknown: CodeRecordField[] = [];
  const unknownLists = new Set(row.unknownFields);
  for (const field of CODE_RECORD_FIELDS) {
    const value = row[field];
    if (Array.isArray(value) ? unknownLists.has(field) : value === null) unknown.push(field);
    record[field] = value;
  }
  // Each list's entries from their JSON arrays (in a loop: this is hot).
  for (const [list, names] of LIST_SHAPES) {
    record[list] = (row[list] as unknown[][]).map((values) => {
      const entry: Record<string, unknown> = { code: values[0] };
      const entryUnknown: string[] = [];
      for (let i = 0; i < names.length; i++) {
        const value = values[i + 1];
        entry[names[i]!] = value;
        if (value === null) entryUnknown.push(names[i]!);
      }
      cite(values[names.length + 1], values[names.length + 2]);
      entry.unknown = entryUnknown;
      return entry;
    });
  }
  record.unknown = unknown;
  record.sources = [{ path: row.path, sha256: row.sha256 }, ...others.sort(byPath)];
  return record as CodeRecord;
}

const LIST_SHAPES = LIST_FIELDS.map((list) => [list, entryFields(list)] as const);

/** A reader of records over `db`, its statement prepared once. */
export function prepareRecordReader(db: ReadDatabase): (code: string) => Plan<CodeRecord | undefined> {
  const query = prepareRecordQuery(db);
  return function* (code) {
    const row = (yield* settled(query.get({ code }))) as RecordRow | undefined;
    return row === undefined ? undefined : recordOf(row);
  };
}

/** A record as `show --json` prints it and the server's `/api/codes/{code}` answers: one function for both. */
export const recordJson = (record: CodeRecord): string => `${JSON.stringify(record, null, 2)}\n`;
