/**
 * Data tests, run after every provision and ingest before anything is committed (dbt-style:
 * unique, not null, relationships, accepted values), on top of SQLite's own integrity and foreign
 * key checks. The constraints in the schema already refuse most bad rows; these check what a
 * constraint cannot express: that every unknown value is explicitly marked, and only those.
 */
import type Database from 'better-sqlite3';
import { LIST_FIELDS, type ListField } from '../domain/unknowns.js';

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

/** A column that is NULL exactly when its document marked the value unavailable. */
const MARKED_COLUMNS = [
  ['procedures', 'title', 'code', 'record', 'title'],
  ['procedures', 'summary', 'code', 'record', 'summary'],
  ['procedures', 'billing_overview', 'code', 'record', 'billingOverview'],
  ['procedures', 'service_type', 'code', 'record', 'serviceType'],
  ['procedures', 'clinical_vignette', 'code', 'record', 'clinicalVignette'],
  ['procedures', 'stated_descriptor', 'code', 'record', 'descriptor'],
  ['procedure_modifiers', 'when_to_use', 'modifier_code', 'modifiers', 'whenToUse'],
  ['procedure_modifiers', 'stated_description', 'modifier_code', 'modifiers', 'description'],
  ['code_relationships', 'relationship', 'target_code', 'relatedCodes', 'relationship'],
  ['code_relationships', 'stated_descriptor', 'target_code', 'relatedCodes', 'descriptor'],
  ['procedure_diagnoses', 'clinical_relevance', 'diagnosis_code', 'diagnoses', 'clinicalRelevance'],
  ['procedure_diagnoses', 'stated_description', 'diagnosis_code', 'diagnoses', 'description'],
  ['procedure_taxonomies', 'notes', 'taxonomy_code', 'taxonomies', 'notes'],
  ['procedure_taxonomies', 'stated_specialty', 'taxonomy_code', 'taxonomies', 'specialty'],
] as const;

/** A list whose rows exist only when its document did not mark it unavailable. */
const MARKED_LISTS = [
  ['procedure_sites', 'sitesOfService'],
  ['procedure_payers', 'payers'],
  ['procedure_modifiers', 'modifiers'],
  ['code_relationships', 'relatedCodes'],
  ['procedure_diagnoses', 'diagnoses'],
  ['procedure_taxonomies', 'taxonomies'],
] as const;

const WORKFLOW_MARKERS = [
  ['preoperative', 'preoperativeWorkflow'],
  ['intraoperative', 'intraoperativeWorkflow'],
  ['postoperative', 'postoperativeWorkflow'],
] as const;

/** The table of each list, and the column that holds its items' codes. */
const LIST_TABLES: Record<ListField, readonly [string, string]> = {
  modifiers: ['procedure_modifiers', 'modifier_code'],
  relatedCodes: ['code_relationships', 'target_code'],
  diagnoses: ['procedure_diagnoses', 'diagnosis_code'],
  taxonomies: ['procedure_taxonomies', 'taxonomy_code'],
};

const ownerColumn = (table: string): string => (table === 'code_relationships' ? 'source_code' : 'procedure_code');
const ownerOf = (table: string): string => (table === 'procedures' ? 'code' : ownerColumn(table));

/** Each check is a query for the rows that violate it. */
const DATA_CHECKS: readonly { name: string; sql: string }[] = [
  ...MARKED_COLUMNS.map(([table, column, key, scope, field]) => ({
    name: `${table}.${column} is NULL exactly when unknown`,
    sql: `SELECT t.${ownerOf(table)} AS code, t.${key} AS item FROM ${table} t
          WHERE (t.${column} IS NULL) <> EXISTS (SELECT 1 FROM unknown_values m
            WHERE m.document_id = t.document_id AND m.scope = '${scope}' AND m.item_key = t.${key} AND m.field = '${field}')`,
  })),
  ...MARKED_LISTS.map(([table, field]) => ({
    name: `${table} has no rows for a procedure whose ${field} are unknown`,
    sql: `SELECT m.procedure_code AS code FROM unknown_values m
          WHERE m.scope = 'record' AND m.field = '${field}'
            AND EXISTS (SELECT 1 FROM ${table} t WHERE t.${ownerColumn(table)} = m.procedure_code)`,
  })),
  {
    name: 'each workflow phase is either stated or unknown',
    sql: WORKFLOW_MARKERS.map(
      ([phase, field]) => `SELECT p.code, '${phase}' AS phase FROM procedures p
          WHERE EXISTS (SELECT 1 FROM procedure_workflow_steps s WHERE s.procedure_code = p.code AND s.phase = '${phase}')
             = EXISTS (SELECT 1 FROM unknown_values m WHERE m.procedure_code = p.code AND m.scope = 'record' AND m.field = '${field}')`,
    ).join(' UNION ALL '),
  },
  {
    name: 'every item marker belongs to an item of its list',
    sql: LIST_FIELDS.map((scope) => {
      const [table, key] = LIST_TABLES[scope];
      return `SELECT m.procedure_code AS code, m.item_key AS item FROM unknown_values m
          WHERE m.scope = '${scope}' AND NOT EXISTS (SELECT 1 FROM ${table} t
            WHERE t.${ownerColumn(table)} = m.procedure_code AND t.document_id = m.document_id AND t.${key} = m.item_key)`;
    }).join(' UNION ALL '),
  },
  {
    name: 'record markers are keyed by their own code',
    sql: `SELECT procedure_code AS code, item_key AS item FROM unknown_values WHERE scope = 'record' AND item_key <> procedure_code`,
  },
  {
    name: 'every catalog value is one its source document states',
    sql: `SELECT c.catalog, c.code FROM (
            SELECT 'code' AS catalog, code, descriptor AS value, descriptor_document_id AS document_id FROM codes
            UNION ALL SELECT 'modifier', code, description, description_document_id FROM modifiers
            UNION ALL SELECT 'diagnosis', code, description, description_document_id FROM diagnoses
            UNION ALL SELECT 'taxonomy', code, specialty, specialty_document_id FROM taxonomies) c
          WHERE c.value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM catalog_claims k
            WHERE k.catalog = c.catalog AND k.code = c.code AND k.document_id = c.document_id AND k.value = c.value)`,
  },
  {
    name: 'every catalog entry is used by some document',
    sql: `SELECT 'code' AS catalog, code FROM codes WHERE code NOT IN (SELECT code FROM procedures) AND code NOT IN (SELECT target_code FROM code_relationships)
          UNION ALL SELECT 'modifier', code FROM modifiers WHERE code NOT IN (SELECT modifier_code FROM procedure_modifiers)
          UNION ALL SELECT 'diagnosis', code FROM diagnoses WHERE code NOT IN (SELECT diagnosis_code FROM procedure_diagnoses)
          UNION ALL SELECT 'taxonomy', code FROM taxonomies WHERE code NOT IN (SELECT taxonomy_code FROM procedure_taxonomies)
          UNION ALL SELECT 'payer', name FROM payers WHERE name NOT IN (SELECT payer_name FROM procedure_payers)`,
  },
  {
    name: 'list positions run 1..n in each document',
    sql: ['procedure_sites', 'procedure_payers', 'procedure_modifiers', 'code_relationships', 'procedure_diagnoses', 'procedure_taxonomies']
      .map(
        (table) => `SELECT '${table}' AS list, ${ownerColumn(table)} AS code FROM ${table}
          GROUP BY ${ownerColumn(table)} HAVING min(position) <> 1 OR max(position) <> count(*)`,
      )
      .join(' UNION ALL '),
  },
  {
    name: 'every procedure, and nothing else, is in the full-text index',
    sql: `SELECT document_id AS missing FROM procedures WHERE document_id NOT IN (SELECT rowid FROM code_search)
          UNION ALL SELECT rowid FROM code_search WHERE rowid NOT IN (SELECT document_id FROM procedures)`,
  },
  {
    name: 'every source document has its procedure',
    sql: `SELECT d.path FROM source_documents d WHERE NOT EXISTS (SELECT 1 FROM procedures p WHERE p.document_id = d.id)`,
  },
];

const SAMPLE_SIZE = 3;

/** Runs every check; throws DataCheckError listing each failed one. */
export function runDataChecks(sqlite: Database.Database): void {
  const failures: CheckFailure[] = [];
  const integrity = sqlite.pragma('integrity_check') as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') {
    failures.push({ check: 'PRAGMA integrity_check', violations: integrity.length, sample: integrity.slice(0, SAMPLE_SIZE) });
  }
  const foreignKeys = sqlite.pragma('foreign_key_check') as unknown[];
  if (foreignKeys.length > 0) {
    failures.push({ check: 'PRAGMA foreign_key_check', violations: foreignKeys.length, sample: foreignKeys.slice(0, SAMPLE_SIZE) });
  }
  for (const check of DATA_CHECKS) {
    const rows = sqlite.prepare(check.sql).all();
    if (rows.length > 0) failures.push({ check: check.name, violations: rows.length, sample: rows.slice(0, SAMPLE_SIZE) });
  }
  if (failures.length > 0) throw new DataCheckError(failures);
}
