/**
 * The analysis surface: views with stable names and columns, documented in the README.
 * Analysts query these; the internal join tables may change, these do not.
 * A count is NULL when its list is unknown, and 0 when the document says there is none.
 */
import { sql, type SQL } from 'drizzle-orm';
import { alias, integer, sqliteView, text, type AnySQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  CATALOG_NAMES,
  catalogField,
  LIST_ENTRIES,
  LIST_FIELDS,
  RECORD_FIELDS,
  TEXT_FIELDS,
  WORKFLOW_PHASES,
  type CatalogName,
  type ListField,
  type NamesField,
  type TextField,
} from '../domain/fields.js';
import type { RelationSide } from '../domain/relations.js';
import { CATALOGS, columnOf, LIST_TABLES, NAMES_TABLES, ownerOf, PROCEDURE_COLUMNS } from './fields.js';
import {
  codeRelationships,
  codes,
  diagnoses,
  modifiers,
  procedureDiagnoses,
  procedureModifiers,
  procedures,
  procedureTaxonomies,
  procedureWorkflowSteps,
  sourceDocuments,
  taxonomies,
  unknownValues,
} from './tables.js';

/** The number of items of a names or list field: NULL when the document leaves it unknown. */
const listCount = (field: NamesField | ListField, table: SQLiteTable, name: string): SQL.Aliased<number | null> => {
  const record = sql`${unknownValues.procedureCode} = ${procedures.code} AND ${unknownValues.scope} = 'record'`;
  const unknown = sql`${record} AND ${unknownValues.field} = ${literal(field)}`;
  const count = sql`(SELECT count(*) FROM ${table} WHERE ${ownerOf(table).procedureCode} = ${procedures.code})`;
  return sql<number | null>`CASE WHEN EXISTS (SELECT 1 FROM ${unknownValues} WHERE ${unknown}) THEN NULL ELSE ${count} END`.as(name);
};

/** A text as an SQL string literal, in the view's text itself. */
function literal(text: string): SQL {
  return sql.raw(`'${text}'`);
}

/** The column of procedure_overview that counts the items of each names and list field. */
const COUNT_COLUMNS = {
  sitesOfService: 'siteCount',
  modifiers: 'modifierCount',
  relatedCodes: 'relatedCodeCount',
  diagnoses: 'diagnosisCount',
  taxonomies: 'taxonomyCount',
  payers: 'payerCount',
} as const satisfies Record<NamesField | ListField, string>;

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const itemTable = (field: NamesField | ListField): SQLiteTable =>
  field in NAMES_TABLES ? NAMES_TABLES[field as NamesField].table : LIST_TABLES[field as ListField].table;

/** A text field as the record shows it: the catalog's value for a catalog fact (the descriptor), else the document's. */
const textColumn = (field: TextField): AnySQLiteColumn =>
  (RECORD_FIELDS[field] as { catalog?: CatalogName }).catalog === 'code' ? codes.descriptor : procedures[PROCEDURE_COLUMNS[field]];

/**
 * One row per documented code: what it is (its text fields), how many items each names and list
 * field has (NULL when unknown, 0 for none), how many of its values are unknown.
 */
export const procedureOverview = sqliteView('procedure_overview').as((qb) =>
  qb
    .select({
      code: procedures.code,
      codeSystem: codes.codeSystem,
      codeCategory: codes.codeCategory,
      ...(Object.fromEntries(TEXT_FIELDS.map((field) => [field, textColumn(field)])) as { [F in TextField]: typeof procedures.title }),
      markedAddOn: procedures.markedAddOn,
      ...(Object.fromEntries(
        (Object.entries(COUNT_COLUMNS) as [NamesField | ListField, string][]).map(([field, key]) => [
          key,
          listCount(field, itemTable(field), snakeCase(key)),
        ]),
      ) as Record<(typeof COUNT_COLUMNS)[NamesField | ListField], SQL.Aliased<number | null>>),
      unknownValueCount: sql<number>`(SELECT count(*) FROM ${unknownValues} WHERE ${unknownValues.procedureCode} = ${procedures.code})`.as(
        'unknown_value_count',
      ),
      sourcePath: sql<string>`${sourceDocuments.path}`.as('source_path'),
    })
    .from(procedures)
    .innerJoin(codes, sql`${codes.code} = ${procedures.code}`)
    .innerJoin(sourceDocuments, sql`${sourceDocuments.id} = ${procedures.documentId}`),
);

/** One row per modifier a procedure allows, with the modifier's catalog description. */
export const modifierUsage = sqliteView('modifier_usage').as((qb) =>
  qb
    .select({
      procedureCode: procedureModifiers.procedureCode,
      modifierCode: procedureModifiers.modifierCode,
      description: modifiers.description,
      whenToUse: procedureModifiers.whenToUse,
      position: procedureModifiers.position,
      sourcePath: sql<string>`${sourceDocuments.path}`.as('source_path'),
      line: procedureModifiers.line,
    })
    .from(procedureModifiers)
    .innerJoin(modifiers, sql`${modifiers.code} = ${procedureModifiers.modifierCode}`)
    .innerJoin(sourceDocuments, sql`${sourceDocuments.id} = ${procedureModifiers.documentId}`),
);

const relatedCode = alias(codes, 'related');

/**
 * One row per relationship seen from each end: `out` rows are what `code`'s document lists,
 * `in` rows are documents that list `code`. The relationship text is always the lister's.
 */
export const relatedCodes = sqliteView('related_codes').as((qb) => {
  const side = (direction: RelationSide, code: AnySQLiteColumn, other: AnySQLiteColumn) =>
    qb
      .select({
        code: sql<string>`${code}`.as('code'),
        relatedCode: sql<string>`${other}`.as('related_code'),
        direction: sql<RelationSide>`${sql.raw(`'${direction}'`)}`.as('direction'),
        relatedDescriptor: sql<string | null>`${relatedCode.descriptor}`.as('related_descriptor'),
        relationship: codeRelationships.relationship,
        /** The listing document writes the listed code (`related_code` out, `code` in) with the add-on mark. */
        markedAddOn: codeRelationships.markedAddOn,
        position: codeRelationships.position,
        sourcePath: sql<string>`${sourceDocuments.path}`.as('source_path'),
        line: codeRelationships.line,
      })
      .from(codeRelationships)
      .innerJoin(relatedCode, sql`${relatedCode.code} = ${other}`)
      .innerJoin(sourceDocuments, sql`${sourceDocuments.id} = ${codeRelationships.documentId}`);
  return side('out', codeRelationships.procedureCode, codeRelationships.targetCode).unionAll(
    side('in', codeRelationships.targetCode, codeRelationships.procedureCode),
  );
});

/** One row per diagnosis a procedure's document links, with the diagnosis's catalog description. */
export const diagnosisUsage = sqliteView('diagnosis_usage').as((qb) =>
  qb
    .select({
      procedureCode: procedureDiagnoses.procedureCode,
      diagnosisCode: procedureDiagnoses.diagnosisCode,
      diagnosisCodeDotless: sql<string>`${diagnoses.codeDotless}`.as('diagnosis_code_dotless'),
      description: diagnoses.description,
      clinicalRelevance: procedureDiagnoses.clinicalRelevance,
      position: procedureDiagnoses.position,
      sourcePath: sql<string>`${sourceDocuments.path}`.as('source_path'),
      line: procedureDiagnoses.line,
    })
    .from(procedureDiagnoses)
    .innerJoin(diagnoses, sql`${diagnoses.code} = ${procedureDiagnoses.diagnosisCode}`)
    .innerJoin(sourceDocuments, sql`${sourceDocuments.id} = ${procedureDiagnoses.documentId}`),
);

/** One row per provider taxonomy a procedure's document links, with the catalog specialty. */
export const taxonomyUsage = sqliteView('taxonomy_usage').as((qb) =>
  qb
    .select({
      procedureCode: procedureTaxonomies.procedureCode,
      taxonomyCode: procedureTaxonomies.taxonomyCode,
      specialty: taxonomies.specialty,
      notes: procedureTaxonomies.notes,
      position: procedureTaxonomies.position,
      sourcePath: sql<string>`${sourceDocuments.path}`.as('source_path'),
      line: procedureTaxonomies.line,
    })
    .from(procedureTaxonomies)
    .innerJoin(taxonomies, sql`${taxonomies.code} = ${procedureTaxonomies.taxonomyCode}`)
    .innerJoin(sourceDocuments, sql`${sourceDocuments.id} = ${procedureTaxonomies.documentId}`),
);

/** Where a catalog value that one document left unknown is now known from: that document's path. */
const filledFrom = (documentId: AnySQLiteColumn) =>
  sql`(SELECT ${sourceDocuments.path} FROM ${sourceDocuments} WHERE ${sourceDocuments.id} = ${documentId})`;
/** For each field whose value is a catalog fact, where the catalog's value came from. */
const catalogSource = (catalog: CatalogName): SQL => {
  const { table, code, source } = CATALOGS[catalog];
  return sql`(SELECT ${filledFrom(source)} FROM ${table} WHERE ${code} = ${unknownValues.itemKey})`;
};
const CATALOG_FIELDS: readonly (readonly [string, CatalogName])[] = [
  ...TEXT_FIELDS.flatMap((field) => {
    const { catalog } = RECORD_FIELDS[field] as { catalog?: CatalogName };
    return catalog === undefined ? [] : [[`record.${field}`, catalog] as const];
  }),
  ...LIST_FIELDS.map((list) => [`${list}.${catalogField(list)}`, LIST_ENTRIES[list].catalog] as const),
];

/**
 * One row per value a document left unknown: which code, which field (of which list item), why,
 * where. `filled_from` is set when the value is a catalog fact another document supplied.
 */
export const unknownValueSources = sqliteView('unknown_value_sources').as((qb) =>
  qb
    .select({
      procedureCode: unknownValues.procedureCode,
      scope: unknownValues.scope,
      itemKey: unknownValues.itemKey,
      field: unknownValues.field,
      reason: unknownValues.reason,
      sourcePath: sql<string>`${sourceDocuments.path}`.as('source_path'),
      line: unknownValues.line,
      filledFrom: sql<string | null>`CASE ${unknownValues.scope} || '.' || ${unknownValues.field} ${sql.join(
        CATALOG_FIELDS.map(([key, catalog]) => sql`WHEN ${sql.raw(`'${key}'`)} THEN ${catalogSource(catalog)}`),
        sql` `,
      )} END`.as('filled_from'),
    })
    .from(unknownValues)
    .innerJoin(sourceDocuments, sql`${sourceDocuments.id} = ${unknownValues.documentId}`),
);

const claim = (
  catalog: CatalogName,
  table: SQLiteTable,
  code: AnySQLiteColumn,
  value: AnySQLiteColumn,
  line: AnySQLiteColumn,
  isOwn: boolean,
) => {
  const stated = sql`${literal(catalog)} AS catalog, ${code} AS code, ${value} AS value, ${columnOf(table, 'documentId')} AS document_id`;
  const owner = columnOf(table, table === procedures ? 'code' : 'procedureCode');
  return sql`SELECT ${stated}, ${owner} AS procedure_code, ${line} AS line, ${sql.raw(isOwn ? '1' : '0')} AS is_own FROM ${table}`;
};

/** Every statement of a catalog fact: a document's own descriptor, then each list entry's. */
const CLAIMS: readonly SQL[] = [
  claim('code', procedures, procedures.code, procedures.statedDescriptor, procedures.statedDescriptorLine, true),
  ...LIST_FIELDS.map((list) => {
    const { table, code, fields } = LIST_TABLES[list] as { table: SQLiteTable; code: string; fields: Record<string, string> };
    return claim(
      LIST_ENTRIES[list].catalog,
      table,
      columnOf(table, code),
      columnOf(table, fields[catalogField(list)]!),
      columnOf(table, 'line'),
      false,
    );
  }),
];

/**
 * What each document states about each catalog entry (a code's descriptor, a modifier's
 * description, ...), NULL where it left the value unknown. `is_own` is 1 for a document's
 * row about its own code. The catalogs hold the value resolved from these claims.
 */
export const catalogClaims = sqliteView('catalog_claims', {
  catalog: text('catalog', { enum: CATALOG_NAMES }).notNull(),
  code: text('code').notNull(),
  value: text('value'),
  documentId: integer('document_id').notNull(),
  /** The documented code whose document states it: the claims of a few documents are found by it (indexed). */
  procedureCode: text('procedure_code').notNull(),
  line: integer('line'),
  isOwn: integer('is_own', { mode: 'boolean' }).notNull(),
}).as(sql.join([...CLAIMS], sql` UNION ALL `));

/**
 * The text of each documented code that full-text search indexes, one row per source document:
 * the title, the descriptor its own row states, the summary, the clinical context (vignette and
 * workflow phases) and the modifier guidance. The `code_search` FTS5 index (migrations/, not
 * expressible in drizzle) is filled from this view, so the indexed text is defined once.
 */
/** A workflow phase's description, for the code of the row `procedures` is on. */
const phaseText = (phase: string) =>
  sql`coalesce((SELECT ${procedureWorkflowSteps.description} FROM ${procedureWorkflowSteps}
        WHERE ${procedureWorkflowSteps.procedureCode} = ${procedures.code} AND ${procedureWorkflowSteps.phase} = ${literal(phase)}), '')`;

// Written for the sqlite3 shells analysts have (Debian 12 ships 3.40): no aggregate ORDER BY
// and no concat_ws, which a shell older than 3.44 cannot parse in the schema at all.
export const codeSearchSource = sqliteView('code_search_source', {
  documentId: integer('document_id').notNull(),
  code: text('code').notNull(),
  title: text('title'),
  descriptor: text('descriptor'),
  summary: text('summary'),
  clinicalContext: text('clinical_context'),
  modifierGuidance: text('modifier_guidance'),
}).as(
  sql`SELECT ${procedures.documentId} AS document_id, ${procedures.code} AS code, ${procedures.title} AS title,
        ${procedures.statedDescriptor} AS descriptor, ${procedures.summary} AS summary,
        nullif(trim(${sql.join(
          [sql`coalesce(${procedures.clinicalVignette}, '')`, ...WORKFLOW_PHASES.map(phaseText)],
          sql` || char(10) || `,
        )}, char(10)), '') AS clinical_context,
        (SELECT group_concat(when_to_use, char(10)) FROM (SELECT ${procedureModifiers.whenToUse} AS when_to_use FROM ${procedureModifiers}
          WHERE ${procedureModifiers.procedureCode} = ${procedures.code} ORDER BY ${procedureModifiers.position})) AS modifier_guidance
      FROM ${procedures}`,
);
