/**
 * What every table, view and column of the reference database holds, said once, next to the
 * schema it describes: keyed by the drizzle tables' and views' own column keys, so a column added
 * to the schema does not compile until it is described here. The rows of `table_descriptions` and
 * `column_descriptions` are written from this (src/db/descriptions.ts); the README's tables, the
 * exports' manifests, CSVW sidecars and Parquet types, and Datasette's metadata all read it.
 */
import { getTableColumns, getTableName, getViewName, getViewSelectedFields, is, SQL, type Column } from 'drizzle-orm';
import { SQLiteTable, type SQLiteView } from 'drizzle-orm/sqlite-core';
import { CODE_SEARCH_COLUMNS, CODE_SEARCH_TABLE } from './search.js';
import { columnDescriptions, databaseMetadata, tableDescriptions, type ColumnType, type ObjectKind } from './metadata.js';
import * as tables from './tables.js';
import * as views from './views.js';

export interface DescribedColumn {
  /** The column's key in the drizzle schema (camelCase), when it has one. */
  readonly key: string;
  /** Its name in SQL. */
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly description: string;
}

export interface DescribedObject {
  readonly name: string;
  readonly kind: ObjectKind;
  /** What one row is, as the README's tables say it ("document ingested"). */
  readonly oneRowPer: string;
  readonly description: string;
  readonly columns: readonly DescribedColumn[];
  /** The drizzle table or view (none for the FTS5 index). */
  readonly source?: SQLiteTable | SQLiteView;
}

/** A view column computed by an expression (a count, a literal) has no column to take its type from: it says it. */
interface ExpressionNote {
  readonly description: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

const COLUMN_TYPE_OF: Readonly<Record<string, ColumnType>> = {
  SQLiteText: 'text',
  SQLiteInteger: 'integer',
  SQLiteBoolean: 'boolean',
};

function typeOf(column: Column, where: string): ColumnType {
  const type = COLUMN_TYPE_OF[column.columnType];
  if (type === undefined) throw new Error(`${where}: no export type for a ${column.columnType} column`);
  return type;
}

function describeTable<T extends SQLiteTable>(
  table: T,
  oneRowPer: string,
  description: string,
  columns: { readonly [K in keyof T['_']['columns']]: string },
): DescribedObject {
  const name = getTableName(table);
  return {
    name,
    kind: 'table',
    oneRowPer,
    description,
    source: table,
    columns: Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      name: column.name,
      type: typeOf(column, `${name}.${column.name}`),
      nullable: !column.notNull,
      description: (columns as Record<string, string>)[key]!,
    })),
  };
}

/** The single column an aliased view expression wraps (`sql\`${sourceDocuments.path}\`.as('source_path')`), if it is one. */
function wrappedColumn(aliased: SQL.Aliased): Column | undefined {
  const chunks = aliased.sql.queryChunks.filter((chunk) => !(typeof chunk === 'object' && chunk !== null && 'value' in chunk));
  const only = chunks.length === 1 ? chunks[0] : undefined;
  return only !== undefined && typeof only === 'object' && only !== null && 'columnType' in only ? (only as Column) : undefined;
}

function describeView<V extends SQLiteView>(
  view: V,
  oneRowPer: string,
  description: string,
  columns: { readonly [K in keyof V['_']['selectedFields']]: string | ExpressionNote },
): DescribedObject {
  const name = getViewName(view);
  return {
    name,
    kind: 'view',
    oneRowPer,
    description,
    source: view,
    columns: Object.entries(getViewSelectedFields(view)).map(([key, field]) => {
      const note = (columns as Record<string, string | ExpressionNote>)[key]!;
      if (typeof note !== 'string') {
        const sqlName = is(field, SQL.Aliased) ? field.fieldAlias : (field as Column).name;
        return { key, name: sqlName, type: note.type, nullable: note.nullable, description: note.description };
      }
      const column = is(field, SQL.Aliased) ? wrappedColumn(field) : (field as Column);
      if (column === undefined) throw new Error(`${name}.${key}: an expression column must say its type`);
      const sqlName = is(field, SQL.Aliased) ? field.fieldAlias : column.name;
      return { key, name: sqlName, type: typeOf(column, `${name}.${sqlName}`), nullable: !column.notNull, description: note };
    }),
  };
}

const count = (description: string): ExpressionNote => ({ description, type: 'integer', nullable: true });

const PROCEDURE_CODE = 'The documented code (CPT or HCPCS) the row belongs to.';
const DOCUMENT_ID = 'The source document that states it (source_documents.id).';
const POSITION = 'Its order in its document, 1..n.';
const ITEM_LINE = 'The line of its source document that states it (NULL only in rows of databases built before lines were kept).';
const LIST_LINE = 'The line of its source document that states it.';
const SOURCE_PATH = 'The path of the document that states it (source_documents.path).';
const MARKED_ADD_ON = 'The document writes the code with the CPT add-on mark (+69990).';
const STATED = (what: string) =>
  `${what} as this document states it (NULL when it leaves it unknown); the catalog holds the resolved value.`;
const CATALOG_SOURCE = (what: string) => `The document the catalog's ${what} comes from (NULL when no document states one).`;

/** Every table, view and the full-text index, in the order the README lists them. */
export const SCHEMA_DESCRIPTIONS: readonly DescribedObject[] = [
  describeTable(tables.sourceDocuments, 'document ingested', 'The documents the facts come from, each with its checksum.', {
    id: 'The document id that every fact points at.',
    path: 'The path of the document, relative to the directory the build ran in (unique).',
    sha256: 'The SHA-256 of the document file, in hexadecimal.',
    sizeBytes: 'The size of the document file in bytes.',
    buildRunId: 'The build run that loaded this version of the document (build_runs.id).',
  }),
  describeTable(
    tables.buildRuns,
    'build run: a provision, an ingest or a removal',
    'When the database was built or updated, and by which codebook.',
    {
      id: 'The build run id.',
      kind: '`provision` (a full rebuild), `ingest` (documents added, updated or pruned) or `remove` (documents removed).',
      startedAt: 'When the run started (ISO 8601, UTC).',
      toolVersion: 'The version of codebook that ran it.',
    },
  ),
  describeTable(
    tables.codes,
    'CPT/HCPCS code mentioned anywhere (documented or only related)',
    'The code catalog: every CPT and HCPCS Level II code a document describes or lists as related, with its format and its descriptor.',
    {
      code:
        'The code: five digits (CPT Category I), four digits and F, T or U (CPT Category II, III, PLA), ' +
        'or a letter and four digits (HCPCS Level II).',
      codeSystem: "`CPT` or `HCPCS`, from the code's format.",
      codeCategory: "`Category I`, `Category II`, `Category III`, `PLA` or `Level II`, from the code's format.",
      descriptor:
        "The descriptor, resolved from what the documents state (a document's own row about its own code wins); NULL when none states one.",
      descriptorDocumentId: CATALOG_SOURCE('descriptor'),
    },
  ),
  describeTable(tables.procedures, 'documented code', 'What each document says about its own code: its text and prose fields.', {
    code: 'The documented code (codes.code).',
    documentId: 'The document that describes it (source_documents.id; one document per code).',
    title: "The title from the document's title line; NULL when unknown.",
    summary: "The summary section's prose; NULL when unknown.",
    billingOverview: "The billing code overview section's prose; NULL when unknown.",
    serviceType: 'The service type the document states; NULL when unknown.',
    clinicalVignette: 'The clinical vignette (clinical context) prose; NULL when unknown.',
    statedDescriptor: STATED("The code's descriptor (its own row in the related-codes table)"),
    statedDescriptorLine: 'The line of that row.',
    markedAddOn:
      'The document writes its code with the CPT add-on mark: +69990 or (add-on code) in its title line, ' +
      'or +69990 in its own related-codes row.',
  }),
  describeTable(tables.procedureSites, 'site of service of a procedure', 'The sites of service each document lists, in its order.', {
    procedureCode: PROCEDURE_CODE,
    documentId: DOCUMENT_ID,
    position: POSITION,
    site: 'The site of service, as the document writes it.',
    line: ITEM_LINE,
  }),
  describeTable(tables.procedureWorkflowSteps, 'workflow phase of a procedure', 'What each workflow phase of a procedure includes.', {
    procedureCode: PROCEDURE_CODE,
    documentId: DOCUMENT_ID,
    phase: '`preoperative`, `intraoperative` or `postoperative`.',
    description: 'What the phase includes, as the document says it.',
  }),
  describeTable(
    tables.modifiers,
    'modifier (catalog)',
    'The modifier catalog: each modifier code with its description resolved from every document.',
    {
      code: 'The modifier: two letters or digits (22, 59, LT).',
      description: 'The description, resolved from what the documents state; NULL when none states one.',
      descriptionDocumentId: CATALOG_SOURCE('description'),
    },
  ),
  describeTable(tables.procedureModifiers, 'modifier a procedure allows', 'The modifiers each document allows, with when to use each.', {
    procedureCode: PROCEDURE_CODE,
    documentId: DOCUMENT_ID,
    modifierCode: 'The modifier (modifiers.code).',
    position: POSITION,
    line: LIST_LINE,
    whenToUse: 'When to use it with this procedure, as this document says; NULL when unknown.',
    statedDescription: STATED("The modifier's description"),
  }),
  describeTable(
    tables.codeRelationships,
    "code a procedure's document lists as related",
    'The related codes each document lists, with the relationship it states.',
    {
      procedureCode: 'The documented code whose document lists the related code (procedures.code).',
      documentId: DOCUMENT_ID,
      targetCode: 'The related code (codes.code).',
      position: POSITION,
      line: LIST_LINE,
      relationship: 'The relationship to the documented procedure, as the document states it; NULL when unknown.',
      statedDescriptor: STATED("The related code's descriptor"),
      markedAddOn: 'The row writes the related code with the CPT add-on mark (+69990).',
    },
  ),
  describeTable(tables.diagnoses, 'ICD-10-CM code (catalog)', 'The ICD-10-CM diagnosis catalog.', {
    code: 'The ICD-10-CM code in display form, with its dot (M17.11).',
    codeDotless: 'The same code without its dot (M1711).',
    description: 'The description, resolved from what the documents state; NULL when none states one.',
    descriptionDocumentId: CATALOG_SOURCE('description'),
  }),
  describeTable(
    tables.procedureDiagnoses,
    'diagnosis linked to a procedure',
    'The ICD-10-CM diagnoses each document links to its procedure.',
    {
      procedureCode: PROCEDURE_CODE,
      documentId: DOCUMENT_ID,
      diagnosisCode: 'The ICD-10-CM code (diagnoses.code).',
      position: POSITION,
      line: LIST_LINE,
      clinicalRelevance: 'Its clinical relevance to the procedure, as the document states it; NULL when unknown.',
      statedDescription: STATED("The diagnosis's description"),
    },
  ),
  describeTable(tables.taxonomies, 'NUCC provider taxonomy (catalog)', 'The NUCC Health Care Provider Taxonomy catalog.', {
    code: 'The 10-character NUCC taxonomy code (207X00000X).',
    specialty: 'The specialty, resolved from what the documents state; NULL when none states one.',
    specialtyDocumentId: CATALOG_SOURCE('specialty'),
  }),
  describeTable(
    tables.procedureTaxonomies,
    'taxonomy linked to a procedure',
    'The provider taxonomies each document links to its procedure.',
    {
      procedureCode: PROCEDURE_CODE,
      documentId: DOCUMENT_ID,
      taxonomyCode: 'The NUCC taxonomy code (taxonomies.code).',
      position: POSITION,
      line: LIST_LINE,
      notes: "The document's notes on the taxonomy for this procedure; NULL when unknown.",
      statedSpecialty: STATED("The taxonomy's specialty"),
    },
  ),
  describeTable(tables.payers, 'payer (catalog)', 'Every payer a document covers.', {
    name: "The payer's name, as the documents write it.",
  }),
  describeTable(tables.procedurePayers, "payer a procedure's document covers", 'The payers each document says it covers, in its order.', {
    procedureCode: PROCEDURE_CODE,
    documentId: DOCUMENT_ID,
    payerName: 'The payer (payers.name).',
    position: POSITION,
    line: ITEM_LINE,
  }),
  describeTable(
    tables.unknownValues,
    'value a document leaves unknown',
    'Every value a document does not give: the value is NULL (or its list has no rows) and this row says which, why and where.',
    {
      procedureCode: PROCEDURE_CODE,
      documentId: DOCUMENT_ID,
      scope: '`record` for a field of the record, or the list field (modifiers, relatedCodes, diagnoses, taxonomies) of an entry.',
      itemKey: "The procedure's code for a record field, else the entry's code.",
      field: 'The field that is unknown (unknown_value_fields.field).',
      reason: '`sentinel`, `placeholder`, `section absent` or `not stated`.',
      line: 'The line that says it is unknown; NULL when no line does (an absent section).',
    },
  ),
  describeTable(
    tables.unknownValueFields,
    'field that may be unknown',
    'The fields of the record and of list entries that may be unknown.',
    {
      scope: '`record`, or the list field of an entry.',
      field: "The field's name, as the record and show --json name it.",
    },
  ),
  describeTable(
    tables.documentDiagnostics,
    'warning a build run gave about a document it loaded',
    'What a build noticed about a document it loaded: duplicates removed, rows skipped, catalog conflicts.',
    {
      id: 'The diagnostic id.',
      documentId: 'The document it is about (source_documents.id).',
      line: 'The line it is about; NULL for the whole document.',
      severity: '`error` or `warning`.',
      rule: 'The rule that fired (duplicate-row, catalog-conflict, placeholder…).',
      message: 'The message, quoting the document.',
    },
  ),
  describeTable(
    tables.rejectedDocuments,
    'document a --keep-going build left out (its latest rejection)',
    'Documents left out for their errors; none of their facts is in any other table.',
    {
      id: 'The rejection id.',
      path: "The document's path (unique).",
      sha256: 'The SHA-256 of the rejected file.',
      code: 'The code its title line names, when it has one.',
      errorCount: 'How many errors it has.',
      firstErrorLine: 'The line of its first error.',
      firstErrorRule: 'The rule of its first error.',
      firstError: 'The message of its first error.',
      buildRunId: 'The build run that left it out (build_runs.id).',
    },
  ),
  describeTable(
    tables.codeChanges,
    'documented code a build run created, updated or removed',
    'The change log: what each build run changed, code by code; a row stays after its code is removed (`codebook log`).',
    {
      id: 'The change id.',
      buildRunId: 'The build run that made the change (build_runs.id).',
      code: 'The documented code it changed (not a reference: the code may since have been removed).',
      change: "`created`, `updated` (its document's content or path changed) or `removed`.",
      path: 'The path of the document that describes the code after the run (for a removal, the one that did).',
      sha256: "The SHA-256 of that document's file.",
    },
  ),
  describeTable(
    tables.buildManifest,
    'database (one row, id 1)',
    'What the database is: its edition id and counts, rewritten by every build run that changes it (`codebook info`, `codebook verify`).',
    {
      id: 'Always 1: the table has one row.',
      edition:
        "The edition id: the SHA-256 (hexadecimal) of the corpus (every loaded and rejected document's path and SHA-256, in path order), " +
        'the codebook version and the last migration that built it.',
      buildRunId: 'The last build run that changed the database (build_runs.id).',
      builtAt: 'When the manifest was written (ISO 8601, UTC).',
      toolVersion: 'The version of codebook that built it.',
      migration: 'The tag of the last migration applied when it was built (e.g. `0007_schema_descriptions`).',
      documents: 'How many documents are loaded (source_documents).',
      codes: 'How many codes the catalog holds, documented or only listed as related (codes).',
      unknownValues: 'How many values the documents leave unknown (unknown_values).',
      rejectedDocuments: 'How many documents a build left out (rejected_documents).',
    },
  ),
  describeView(
    views.procedureOverview,
    'documented code',
    "Each documented code's text fields, how many items each list has (NULL when unknown, 0 for none), and how much is unknown.",
    {
      code: 'The documented code.',
      codeSystem: '`CPT` or `HCPCS`.',
      codeCategory: '`Category I`, `Category II`, `Category III`, `PLA` or `Level II`.',
      title: 'The title; NULL when unknown.',
      descriptor: "The descriptor (the catalog's); NULL when unknown.",
      serviceType: 'The service type; NULL when unknown.',
      markedAddOn: MARKED_ADD_ON,
      siteCount: count('How many sites of service: NULL when unknown, 0 for none.'),
      modifierCount: count('How many modifiers: NULL when unknown, 0 for none.'),
      relatedCodeCount: count('How many related codes: NULL when unknown, 0 for none.'),
      diagnosisCount: count('How many diagnoses: NULL when unknown, 0 for none.'),
      taxonomyCount: count('How many provider taxonomies: NULL when unknown, 0 for none.'),
      payerCount: count('How many payers: NULL when unknown, 0 for none.'),
      unknownValueCount: { description: 'How many of its values are unknown (rows of unknown_values).', type: 'integer', nullable: false },
      sourcePath: SOURCE_PATH,
    },
  ),
  describeView(views.modifierUsage, 'procedure–modifier use', 'Each modifier a procedure allows, with the catalog description.', {
    procedureCode: PROCEDURE_CODE,
    modifierCode: 'The modifier.',
    description: "The modifier's description (the catalog's); NULL when unknown.",
    whenToUse: 'When to use it with this procedure; NULL when unknown.',
    position: POSITION,
    sourcePath: SOURCE_PATH,
    line: LIST_LINE,
  }),
  describeView(
    views.relatedCodes,
    'relationship, seen from each end',
    "Each relationship between codes twice: `out` from the listing document's code, `in` from the listed code.",
    {
      code: 'The code seen from.',
      relatedCode: 'The code at the other end.',
      direction: {
        description: "`out`: code's document lists related_code; `in`: related_code's document lists code.",
        type: 'text',
        nullable: false,
      },
      relatedDescriptor: "The related code's descriptor (the catalog's); NULL when unknown.",
      relationship: "The relationship text, always the listing document's; NULL when unknown.",
      markedAddOn: 'The listing document writes the listed code with the CPT add-on mark.',
      position: "The row's order in the listing document.",
      sourcePath: 'The path of the listing document.',
      line: 'The line of the listing document that states it.',
    },
  ),
  describeView(
    views.diagnosisUsage,
    'procedure–diagnosis link',
    "Each diagnosis a procedure's document links, with the catalog description.",
    {
      procedureCode: PROCEDURE_CODE,
      diagnosisCode: 'The ICD-10-CM code, with its dot.',
      diagnosisCodeDotless: 'The same code without its dot.',
      description: "The diagnosis's description (the catalog's); NULL when unknown.",
      clinicalRelevance: 'Its clinical relevance to the procedure; NULL when unknown.',
      position: POSITION,
      sourcePath: SOURCE_PATH,
      line: LIST_LINE,
    },
  ),
  describeView(
    views.taxonomyUsage,
    'procedure–taxonomy link',
    "Each provider taxonomy a procedure's document links, with the catalog specialty.",
    {
      procedureCode: PROCEDURE_CODE,
      taxonomyCode: 'The NUCC taxonomy code.',
      specialty: "The specialty (the catalog's); NULL when unknown.",
      notes: "The document's notes; NULL when unknown.",
      position: POSITION,
      sourcePath: SOURCE_PATH,
      line: LIST_LINE,
    },
  ),
  describeView(
    views.unknownValueSources,
    'unknown value',
    'Every value a document leaves unknown, with where, why, and which document filled it in when another one did.',
    {
      procedureCode: PROCEDURE_CODE,
      scope: '`record`, or the list field of an entry.',
      itemKey: "The procedure's code for a record field, else the entry's code.",
      field: 'The field that is unknown.',
      reason: '`sentinel`, `placeholder`, `section absent` or `not stated`.',
      sourcePath: SOURCE_PATH,
      line: 'The line that says it is unknown; NULL when no line does.',
      filledFrom: {
        description: 'The document that supplied a catalog value this one left unknown; NULL otherwise.',
        type: 'text',
        nullable: true,
      },
    },
  ),
  describeView(
    views.catalogClaims,
    'statement of a catalog fact',
    'What each document states about each catalog entry: the catalogs hold the value resolved from these.',
    {
      catalog: '`code`, `modifier`, `diagnosis` or `taxonomy`.',
      code: "The catalog entry's code.",
      value: 'The value the document states; NULL where it leaves it unknown.',
      documentId: 'The stating document (source_documents.id).',
      procedureCode: 'The documented code of the stating document.',
      line: 'The line that states it.',
      isOwn: "The statement is a document's row about its own code.",
    },
  ),
  describeView(
    views.codeSearchSource,
    'documented code, as full-text search indexes it',
    'The text of each documented code that the code_search index holds.',
    {
      documentId: 'The source document (source_documents.id), the rowid of its code_search row.',
      code: 'The documented code.',
      title: 'The title.',
      descriptor: 'The descriptor its own row states.',
      summary: 'The summary.',
      clinicalContext: 'The clinical vignette and the workflow phases.',
      modifierGuidance: 'When to use each of its modifiers.',
    },
  ),
  {
    name: CODE_SEARCH_TABLE,
    kind: 'virtual table',
    oneRowPer: 'documented code, indexed for full-text search',
    description: 'The SQLite FTS5 index over code_search_source (rowid: source_documents.id): query it with MATCH, rank with bm25.',
    columns: [
      { key: 'code', name: 'code', type: 'text', nullable: false, description: 'The documented code (not indexed).' },
      ...CODE_SEARCH_COLUMNS.map(([name]) => ({
        key: name,
        name,
        type: 'text' as const,
        nullable: true,
        description: `The indexed ${name.replace(/_/g, ' ')} (code_search_source.${name}).`,
      })),
    ],
  },
  describeTable(databaseMetadata, 'fact about the database', 'What the database is: its title, description, source and licence note.', {
    key: '`title`, `description`, `source` or `licence`.',
    value: 'The text.',
  }),
  describeTable(tableDescriptions, 'table, view or index', 'What each table, view and the full-text index holds.', {
    name: 'Its name.',
    kind: '`table`, `view` or `virtual table`.',
    oneRowPer: 'What one row is.',
    description: 'What it holds.',
  }),
  describeTable(columnDescriptions, 'column of a described table or view', 'What each column holds, and its type.', {
    tableName: 'The table or view (table_descriptions.name).',
    columnName: "The column's name.",
    position: "Its place among the table's columns, 1..n.",
    type: '`text`, `integer` or `boolean` (stored 0/1): how the exports type it.',
    nullable: 'Whether it may be NULL.',
    description: 'What it holds.',
  }),
];

/** A described object by name. */
export function describedObject(name: string): DescribedObject {
  const found = SCHEMA_DESCRIPTIONS.find((object) => object.name === name);
  if (found === undefined) throw new Error(`no description of ${name}`);
  return found;
}

/** The tables and views an export writes, one file each: every described one but the FTS5 index (its text is code_search_source). */
export const EXPORTED_OBJECTS: readonly DescribedObject[] = SCHEMA_DESCRIPTIONS.filter((object) => object.kind !== 'virtual table');

export const DATABASE_TITLE = 'codebook reference database of medical billing codes';

/**
 * The licence note. The database holds what the documents state; the code systems they name have
 * owners and terms of their own.
 */
export const LICENCE_NOTE = [
  'CPT® is a registered trademark of the American Medical Association (AMA); CPT codes and descriptors are copyright the AMA,',
  'and using them in a product requires a licence from the AMA. The descriptors here are as the source documents state them,',
  "not the AMA's official text. HCPCS Level II codes and descriptors (maintained by CMS) and ICD-10-CM (maintained by the",
  "CDC's National Center for Health Statistics, a U.S. modification of the WHO's ICD-10) are published by the U.S.",
  'government and are in the public domain. The NUCC Health Care Provider Taxonomy code set is copyright the AMA on',
  'behalf of the National Uniform Claim Committee; it is free to use under the terms at nucc.org, which ask products',
  'that incorporate it to request a licence.',
].join(' ');

/** The database's own facts (`database_metadata`). */
export const DATABASE_METADATA: Readonly<Record<'title' | 'description' | 'source' | 'licence', string>> = {
  title: DATABASE_TITLE,
  description:
    'CPT and HCPCS codes as described by billing code overview documents, one document per code: title, service type, ' +
    'sites of service, modifiers, related codes, ICD-10-CM diagnoses, NUCC provider taxonomies and payers. A value a ' +
    'document leaves unknown is NULL and recorded in unknown_values, never an empty list.',
  source: 'Built by codebook from billing code overview documents; every fact names its document (source_documents: path and SHA-256).',
  licence: LICENCE_NOTE,
};
