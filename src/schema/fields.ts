/**
 * Where each field of the document (src/domain/fields.ts) is stored: a column of `procedures`, a
 * table of names, the table of a list field and its entries' columns, a catalog. Keyed by the
 * fields with `satisfies`, so a field added there does not compile until it has its place here;
 * columns are named by their keys in the drizzle tables, so the rows normalize makes, the loader's
 * statements, the data checks, the record query and the views all follow from this one map.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  LIST_ENTRIES,
  LIST_FIELDS,
  RECORD_FIELDS,
  TEXT_FIELDS,
  type CatalogName,
  type EntryField,
  type ListField,
  type NamesField,
  type ProseField,
  type TextField,
} from '../domain/fields.js';
import {
  codeRelationships,
  codes,
  diagnoses,
  modifiers,
  procedureDiagnoses,
  procedureModifiers,
  procedurePayers,
  procedures,
  procedureSites,
  procedureTaxonomies,
  taxonomies,
} from './tables.js';

type ColumnKey<T extends SQLiteTable> = keyof T['_']['columns'] & keyof T['$inferInsert'] & string;

/** The column of `procedures` that holds each text and prose field as its document states it (the descriptor its own row states). */
export const PROCEDURE_COLUMNS = {
  title: 'title',
  descriptor: 'statedDescriptor',
  serviceType: 'serviceType',
  summary: 'summary',
  billingOverview: 'billingOverview',
  clinicalVignette: 'clinicalVignette',
} as const satisfies Record<TextField | ProseField, ColumnKey<typeof procedures>>;

/** The table of each names field, and its column of names. */
export const NAMES_TABLES = {
  sitesOfService: { table: procedureSites, name: 'site' },
  payers: { table: procedurePayers, name: 'payerName' },
} as const satisfies { [N in NamesField]: { table: SQLiteTable; name: string } };

/** The tables a list field's entries are stored in: the entry's code, and the column of each of its fields as its document states it. */
export const LIST_TABLES = {
  modifiers: { table: procedureModifiers, code: 'modifierCode', fields: { description: 'statedDescription', whenToUse: 'whenToUse' } },
  relatedCodes: { table: codeRelationships, code: 'targetCode', fields: { descriptor: 'statedDescriptor', relationship: 'relationship' } },
  diagnoses: {
    table: procedureDiagnoses,
    code: 'diagnosisCode',
    fields: { description: 'statedDescription', clinicalRelevance: 'clinicalRelevance' },
  },
  taxonomies: { table: procedureTaxonomies, code: 'taxonomyCode', fields: { specialty: 'statedSpecialty', notes: 'notes' } },
} as const satisfies { [L in ListField]: ListTable<L> };

interface ListTable<L extends ListField> {
  readonly table: SQLiteTable;
  readonly code: string;
  readonly fields: Readonly<Record<EntryField<L>, string>>;
}

/**
 * The catalogs: one row per code, with the value resolved from every document's statement
 * (src/pipeline/catalog.ts) and the document it came from.
 */
export const CATALOGS = {
  code: { table: codes, code: codes.code, value: codes.descriptor, source: codes.descriptorDocumentId, fact: 'the descriptor of code' },
  modifier: {
    table: modifiers,
    code: modifiers.code,
    value: modifiers.description,
    source: modifiers.descriptionDocumentId,
    fact: 'the description of modifier',
  },
  diagnosis: {
    table: diagnoses,
    code: diagnoses.code,
    value: diagnoses.description,
    source: diagnoses.descriptionDocumentId,
    fact: 'the description of diagnosis',
  },
  taxonomy: {
    table: taxonomies,
    code: taxonomies.code,
    value: taxonomies.specialty,
    source: taxonomies.specialtyDocumentId,
    fact: 'the specialty of taxonomy',
  },
} as const satisfies Record<CatalogName, Catalog>;

export interface Catalog {
  readonly table: SQLiteTable;
  readonly code: SQLiteColumn;
  readonly value: SQLiteColumn;
  readonly source: SQLiteColumn;
  /** How a message names the fact, e.g. `the description of modifier`. */
  readonly fact: string;
}

/** A column of `table` by its key. */
export const columnOf = (table: SQLiteTable, key: string): SQLiteColumn => (table as unknown as Record<string, SQLiteColumn>)[key]!;

/** The columns by which a row of a names or list table belongs to its procedure and document. */
export const ownerOf = (table: SQLiteTable): { procedureCode: SQLiteColumn; documentId: SQLiteColumn } => ({
  procedureCode: columnOf(table, 'procedureCode'),
  documentId: columnOf(table, 'documentId'),
});

/**
 * Where the codes of a catalog's entries are used: the documented codes themselves for the code
 * catalog (a document's own descriptor), and the entries of each list field whose codes it holds.
 * An entry no use names is pruned.
 */
export function catalogUses(catalog: CatalogName): { table: SQLiteTable; code: SQLiteColumn }[] {
  const ownDescriptor = TEXT_FIELDS.some((field) => (RECORD_FIELDS[field] as { catalog?: CatalogName }).catalog === catalog);
  return [
    ...(ownDescriptor ? [{ table: procedures, code: procedures.code }] : []),
    ...LIST_FIELDS.filter((list) => LIST_ENTRIES[list].catalog === catalog).map((list) => ({
      table: LIST_TABLES[list].table,
      code: columnOf(LIST_TABLES[list].table, LIST_TABLES[list].code),
    })),
  ];
}

/** Whether some document uses entry `code` of `catalog` (one indexed lookup per use): an entry none uses is pruned. */
export const catalogEntryUsed = (catalog: CatalogName, code: SQLWrapper): SQL =>
  sql`(${sql.join(
    catalogUses(catalog).map((use) => sql`EXISTS (SELECT 1 FROM ${use.table} WHERE ${use.code} = ${code})`),
    sql` OR `,
  )})`;

/** Whether some document names payer `name`. */
export const payerUsed = (name: SQLWrapper): SQL =>
  sql`EXISTS (SELECT 1 FROM ${procedurePayers} WHERE ${procedurePayers.payerName} = ${name})`;
