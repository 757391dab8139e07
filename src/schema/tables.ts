/**
 * The one schema of the reference database. Migrations in `migrations/` are generated from it by
 * drizzle-kit; every row type in the code is inferred from it.
 *
 * Shape (OHDSI-like): global catalogs keyed by natural codes (codes, modifiers, diagnoses,
 * taxonomies, payers), one procedure per documented code, and per-document facts that point at the
 * source document they came from. A catalog value is resolved from what the documents state
 * (the `stated_*` columns), see src/pipeline/catalog.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { check, foreignKey, index, integer, primaryKey, sqliteTable, text, unique, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { CODE_CATEGORIES, CODE_FORMATS, CODE_SYSTEMS, MODIFIER_GLOB, NUCC_GLOB } from '../domain/codes.js';
import { WORKFLOW_PHASES } from '../domain/fields.js';
import { UNKNOWN_REASONS, UNKNOWN_SCOPES } from '../domain/unknowns.js';

const quoted = (values: readonly string[]): SQL => sql.raw(values.map((v) => `'${v}'`).join(', '));
const oneOf = (column: AnySQLiteColumn, values: readonly string[]): SQL => sql`${column} IN (${quoted(values)})`;
/**
 * No stored text is blank, padded or the sentinel: an unknown value is NULL, with an unknown_values row saying why.
 * One check per text column, named `<table>_<column>_text`.
 */
const cleanText = (column: AnySQLiteColumn): SQL =>
  sql`${column} = trim(${column}) AND ${column} <> '' AND ${column} NOT LIKE 'Data not available in the input%'`;
const textChecks = (table: string, columns: AnySQLiteColumn[]) =>
  columns.map((c) => check(`${table}_${c.name}_text`, c.notNull ? cleanText(c) : sql`${c} IS NULL OR (${cleanText(c)})`));

/** The commands that build: provision (a full rebuild), ingest (adds, updates or prunes documents) and remove. */
export const BUILD_KINDS = ['provision', 'ingest', 'remove'] as const;

/** One row per build run (a provision, an ingest or a removal): when, and by which version of codebook. */
export const buildRuns = sqliteTable(
  'build_runs',
  {
    id: integer('id').primaryKey(),
    kind: text('kind', { enum: BUILD_KINDS }).notNull(),
    startedAt: text('started_at').notNull(),
    toolVersion: text('tool_version').notNull(),
  },
  (t) => [check('build_runs_kind', oneOf(t.kind, BUILD_KINDS))],
);

export const sourceDocuments = sqliteTable(
  'source_documents',
  {
    id: integer('id').primaryKey(),
    path: text('path').notNull().unique(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    buildRunId: integer('build_run_id')
      .notNull()
      .references(() => buildRuns.id),
  },
  (t) => [
    check('source_documents_sha256', sql`length(${t.sha256}) = 64 AND ${t.sha256} NOT GLOB '*[^0-9a-f]*'`),
    check('source_documents_size', sql`${t.sizeBytes} > 0`),
  ],
);

/**
 * A catalog's value source is indexed: removing a document looks up the catalog values it
 * supplied (and SQLite's ON DELETE SET NULL looks for them too), which without an index is a scan
 * of the catalog per document removed.
 */
const sourceIndex = (name: string, column: AnySQLiteColumn) => index(name).on(column);

const codeFormatCheck = (code: AnySQLiteColumn, system: AnySQLiteColumn, category: AnySQLiteColumn): SQL =>
  sql.join(
    CODE_FORMATS.map(
      (f) => sql`(${code} GLOB ${quoted([f.glob])} AND ${system} = ${quoted([f.system])} AND ${category} = ${quoted([f.category])})`,
    ),
    sql` OR `,
  );

/** Every CPT/HCPCS code the corpus mentions: documented ones and those only listed as related. */
export const codes = sqliteTable(
  'codes',
  {
    code: text('code').primaryKey(),
    codeSystem: text('code_system', { enum: CODE_SYSTEMS }).notNull(),
    codeCategory: text('code_category', { enum: CODE_CATEGORIES }).notNull(),
    descriptor: text('descriptor'),
    descriptorDocumentId: integer('descriptor_document_id').references(() => sourceDocuments.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    check('codes_format', codeFormatCheck(t.code, t.codeSystem, t.codeCategory)),
    ...textChecks('codes', [t.descriptor]),
    check('codes_descriptor_source', sql`(${t.descriptor} IS NULL) = (${t.descriptorDocumentId} IS NULL)`),
    sourceIndex('codes_descriptor_document', t.descriptorDocumentId),
  ],
);

/** One row per documented code: what its document says about it. */
export const procedures = sqliteTable(
  'procedures',
  {
    code: text('code')
      .primaryKey()
      .references(() => codes.code),
    documentId: integer('document_id')
      .notNull()
      .unique()
      .references(() => sourceDocuments.id, { onDelete: 'cascade' }),
    title: text('title'),
    summary: text('summary'),
    billingOverview: text('billing_overview'),
    serviceType: text('service_type'),
    clinicalVignette: text('clinical_vignette'),
    statedDescriptor: text('stated_descriptor'),
    statedDescriptorLine: integer('stated_descriptor_line'),
    /** The document writes its code with the CPT add-on mark: `+69990` in its title line or its own related-codes row. */
    markedAddOn: integer('marked_add_on', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    unique('procedures_code_document').on(t.code, t.documentId),
    // Every text column but the code: the document's text and prose fields.
    ...textChecks(
      'procedures',
      Object.values(t).filter((c) => c.columnType === 'SQLiteText' && c !== t.code),
    ),
  ],
);

/** The columns by which a fact belongs to one procedure and the document that states it. */
const ownedByProcedure = () => ({
  procedureCode: text('procedure_code').notNull(),
  documentId: integer('document_id').notNull(),
});
const procedureReference = (name: string, t: { procedureCode: AnySQLiteColumn; documentId: AnySQLiteColumn }) =>
  foreignKey({
    name,
    columns: [t.procedureCode, t.documentId],
    foreignColumns: [procedures.code, procedures.documentId],
  }).onDelete('cascade');

/** The line a list item is on: NULL only for rows of databases built before lines were kept. */
const itemLine = () => integer('line');

export const procedureSites = sqliteTable(
  'procedure_sites',
  {
    ...ownedByProcedure(),
    position: integer('position').notNull(),
    site: text('site').notNull(),
    line: itemLine(),
  },
  (t) => [
    primaryKey({ columns: [t.procedureCode, t.position] }),
    unique('procedure_sites_site').on(t.procedureCode, t.site),
    procedureReference('procedure_sites_procedure', t),
    ...textChecks('procedure_sites', [t.site]),
  ],
);

export const procedureWorkflowSteps = sqliteTable(
  'procedure_workflow_steps',
  {
    ...ownedByProcedure(),
    phase: text('phase', { enum: WORKFLOW_PHASES }).notNull(),
    description: text('description').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.procedureCode, t.phase] }),
    procedureReference('procedure_workflow_steps_procedure', t),
    check('procedure_workflow_steps_phase', oneOf(t.phase, WORKFLOW_PHASES)),
    ...textChecks('procedure_workflow_steps', [t.description]),
  ],
);

export const modifiers = sqliteTable(
  'modifiers',
  {
    code: text('code').primaryKey(),
    description: text('description'),
    descriptionDocumentId: integer('description_document_id').references(() => sourceDocuments.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    check('modifiers_code', sql`${t.code} GLOB ${sql.raw(`'${MODIFIER_GLOB}'`)}`),
    ...textChecks('modifiers', [t.description]),
    check('modifiers_description_source', sql`(${t.description} IS NULL) = (${t.descriptionDocumentId} IS NULL)`),
    sourceIndex('modifiers_description_document', t.descriptionDocumentId),
  ],
);

/** A list item as its document states it: its position, the line it came from. */
const listItem = () => ({ position: integer('position').notNull(), line: integer('line').notNull() });

export const procedureModifiers = sqliteTable(
  'procedure_modifiers',
  {
    ...ownedByProcedure(),
    modifierCode: text('modifier_code')
      .notNull()
      .references(() => modifiers.code),
    ...listItem(),
    whenToUse: text('when_to_use'),
    statedDescription: text('stated_description'),
  },
  (t) => [
    primaryKey({ columns: [t.procedureCode, t.modifierCode] }),
    unique('procedure_modifiers_position').on(t.procedureCode, t.position),
    procedureReference('procedure_modifiers_procedure', t),
    index('procedure_modifiers_modifier').on(t.modifierCode),
    ...textChecks('procedure_modifiers', [t.whenToUse, t.statedDescription]),
  ],
);

export const codeRelationships = sqliteTable(
  'code_relationships',
  {
    procedureCode: text('source_code').notNull(),
    documentId: integer('document_id').notNull(),
    targetCode: text('target_code')
      .notNull()
      .references(() => codes.code),
    ...listItem(),
    relationship: text('relationship'),
    statedDescriptor: text('stated_descriptor'),
    /** The listing document writes the target code with the CPT add-on mark, `+69990`. */
    markedAddOn: integer('marked_add_on', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.procedureCode, t.targetCode] }),
    unique('code_relationships_position').on(t.procedureCode, t.position),
    procedureReference('code_relationships_source', t),
    index('code_relationships_target').on(t.targetCode),
    ...textChecks('code_relationships', [t.relationship, t.statedDescriptor]),
    check('code_relationships_not_self', sql`${t.procedureCode} <> ${t.targetCode}`),
  ],
);

export const diagnoses = sqliteTable(
  'diagnoses',
  {
    code: text('code').primaryKey(),
    codeDotless: text('code_dotless').notNull().unique(),
    description: text('description'),
    descriptionDocumentId: integer('description_document_id').references(() => sourceDocuments.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    check('diagnoses_dotless', sql`${t.codeDotless} = replace(${t.code}, '.', '')`),
    check('diagnoses_code', sql`${t.code} GLOB '[A-Z][0-9][0-9A-Z]*' AND length(${t.code}) BETWEEN 3 AND 8`),
    ...textChecks('diagnoses', [t.description]),
    check('diagnoses_description_source', sql`(${t.description} IS NULL) = (${t.descriptionDocumentId} IS NULL)`),
    sourceIndex('diagnoses_description_document', t.descriptionDocumentId),
  ],
);

export const procedureDiagnoses = sqliteTable(
  'procedure_diagnoses',
  {
    ...ownedByProcedure(),
    diagnosisCode: text('diagnosis_code')
      .notNull()
      .references(() => diagnoses.code),
    ...listItem(),
    clinicalRelevance: text('clinical_relevance'),
    statedDescription: text('stated_description'),
  },
  (t) => [
    primaryKey({ columns: [t.procedureCode, t.diagnosisCode] }),
    unique('procedure_diagnoses_position').on(t.procedureCode, t.position),
    procedureReference('procedure_diagnoses_procedure', t),
    index('procedure_diagnoses_diagnosis').on(t.diagnosisCode),
    ...textChecks('procedure_diagnoses', [t.clinicalRelevance, t.statedDescription]),
  ],
);

export const taxonomies = sqliteTable(
  'taxonomies',
  {
    code: text('code').primaryKey(),
    specialty: text('specialty'),
    specialtyDocumentId: integer('specialty_document_id').references(() => sourceDocuments.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    check('taxonomies_code', sql`${t.code} GLOB ${sql.raw(`'${NUCC_GLOB}'`)}`),
    ...textChecks('taxonomies', [t.specialty]),
    check('taxonomies_specialty_source', sql`(${t.specialty} IS NULL) = (${t.specialtyDocumentId} IS NULL)`),
    sourceIndex('taxonomies_specialty_document', t.specialtyDocumentId),
  ],
);

export const procedureTaxonomies = sqliteTable(
  'procedure_taxonomies',
  {
    ...ownedByProcedure(),
    taxonomyCode: text('taxonomy_code')
      .notNull()
      .references(() => taxonomies.code),
    ...listItem(),
    notes: text('notes'),
    statedSpecialty: text('stated_specialty'),
  },
  (t) => [
    primaryKey({ columns: [t.procedureCode, t.taxonomyCode] }),
    unique('procedure_taxonomies_position').on(t.procedureCode, t.position),
    procedureReference('procedure_taxonomies_procedure', t),
    index('procedure_taxonomies_taxonomy').on(t.taxonomyCode),
    ...textChecks('procedure_taxonomies', [t.notes, t.statedSpecialty]),
  ],
);

export const payers = sqliteTable('payers', { name: text('name').primaryKey() }, (t) => textChecks('payers', [t.name]));

export const procedurePayers = sqliteTable(
  'procedure_payers',
  {
    ...ownedByProcedure(),
    payerName: text('payer_name')
      .notNull()
      .references(() => payers.name),
    position: integer('position').notNull(),
    line: itemLine(),
  },
  (t) => [
    primaryKey({ columns: [t.procedureCode, t.payerName] }),
    unique('procedure_payers_position').on(t.procedureCode, t.position),
    procedureReference('procedure_payers_procedure', t),
    index('procedure_payers_payer').on(t.payerName),
  ],
);

/**
 * The fields that may be unknown, one row per scope and field (`record`.`title`,
 * `modifiers`.`description`...). Filled by the migrations, so a new field is one INSERT; every
 * unknown_values row names one of these.
 */
export const unknownValueFields = sqliteTable(
  'unknown_value_fields',
  {
    scope: text('scope').notNull(),
    field: text('field').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.field] })],
);

/**
 * One row per value a document leaves unknown. The value itself is NULL (or the list has no rows);
 * this row says which field of which record, why, and from which document.
 * `item_key` is the procedure's own code for record fields, else the list entry's code.
 */
export const unknownValues = sqliteTable(
  'unknown_values',
  {
    ...ownedByProcedure(),
    scope: text('scope', { enum: UNKNOWN_SCOPES }).notNull(),
    itemKey: text('item_key').notNull(),
    field: text('field').notNull(),
    reason: text('reason', { enum: UNKNOWN_REASONS }).notNull(),
    line: integer('line'),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.scope, t.itemKey, t.field] }),
    procedureReference('unknown_values_procedure', t),
    foreignKey({
      name: 'unknown_values_field',
      columns: [t.scope, t.field],
      foreignColumns: [unknownValueFields.scope, unknownValueFields.field],
    }),
    index('unknown_values_procedure_code').on(t.procedureCode),
    check('unknown_values_reason', oneOf(t.reason, UNKNOWN_REASONS)),
  ],
);

export const DIAGNOSTIC_SEVERITIES = ['error', 'warning'] as const;

/**
 * A document a `--keep-going` build left out because it has errors: one row per path, the latest
 * rejection (a later run that loads the path removes it). Its facts are in no other table.
 */
export const rejectedDocuments = sqliteTable(
  'rejected_documents',
  {
    id: integer('id').primaryKey(),
    path: text('path').notNull().unique(),
    sha256: text('sha256').notNull(),
    /** The code its title line names, when it has one. */
    code: text('code'),
    errorCount: integer('error_count').notNull(),
    firstErrorLine: integer('first_error_line'),
    firstErrorRule: text('first_error_rule').notNull(),
    firstError: text('first_error').notNull(),
    buildRunId: integer('build_run_id')
      .notNull()
      .references(() => buildRuns.id),
  },
  (t) => [check('rejected_documents_error_count', sql`${t.errorCount} > 0`)],
);

/** What a build noticed about a document it loaded: duplicates removed, rows skipped, catalog conflicts. */
export const documentDiagnostics = sqliteTable(
  'document_diagnostics',
  {
    id: integer('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => sourceDocuments.id, { onDelete: 'cascade' }),
    line: integer('line'),
    severity: text('severity', { enum: DIAGNOSTIC_SEVERITIES }).notNull(),
    rule: text('rule').notNull(),
    message: text('message').notNull(),
  },
  (t) => [
    index('document_diagnostics_document').on(t.documentId),
    // A catalog conflict's message begins with its subject (`the description of modifier 76 `):
    // resolving one catalog entry finds its conflicts by that prefix, a range of this index.
    index('document_diagnostics_rule_message').on(t.rule, t.message),
    check('document_diagnostics_severity', oneOf(t.severity, DIAGNOSTIC_SEVERITIES)),
  ],
);

/** What a build run did to a documented code. */
export const CODE_CHANGES = ['created', 'updated', 'removed'] as const;

/**
 * What each build run changed, one row per documented code it created, updated (its document's
 * content or path changed) or removed, with the document that describes it now (for a removal,
 * the one that described it). `codebook log` reads it: when a code last changed, and from which
 * document. A code's row stays after the code is removed; it names no other table.
 */
export const codeChanges = sqliteTable(
  'code_changes',
  {
    id: integer('id').primaryKey(),
    buildRunId: integer('build_run_id')
      .notNull()
      .references(() => buildRuns.id),
    code: text('code').notNull(),
    change: text('change', { enum: CODE_CHANGES }).notNull(),
    path: text('path').notNull(),
    sha256: text('sha256').notNull(),
  },
  (t) => [
    index('code_changes_code').on(t.code, t.buildRunId),
    unique('code_changes_run_code').on(t.buildRunId, t.code),
    check('code_changes_change', oneOf(t.change, CODE_CHANGES)),
  ],
);

/**
 * What the database is: one row, rewritten by every build run that changes it. The edition is a
 * sha256 of the corpus (every loaded and rejected document's path and sha256, in path order), the
 * tool version and the last migration, so two builds of the same documents by the same codebook
 * share it and any change gives a new one (src/pipeline/manifest.ts).
 */
export const buildManifest = sqliteTable(
  'build_manifest',
  {
    id: integer('id').primaryKey(),
    edition: text('edition').notNull(),
    buildRunId: integer('build_run_id')
      .notNull()
      .references(() => buildRuns.id),
    builtAt: text('built_at').notNull(),
    toolVersion: text('tool_version').notNull(),
    /** The tag of the last migration applied when it was built, e.g. `0006_editions`. */
    migration: text('migration').notNull(),
    documents: integer('documents').notNull(),
    codes: integer('codes').notNull(),
    unknownValues: integer('unknown_values').notNull(),
    rejectedDocuments: integer('rejected_documents').notNull(),
  },
  (t) => [
    check('build_manifest_one_row', sql`${t.id} = 1`),
    check('build_manifest_edition', sql`length(${t.edition}) = 64 AND ${t.edition} NOT GLOB '*[^0-9a-f]*'`),
  ],
);
