/**
 * Stage 5, load: one normalized document's rows into the database, through prepared statements
 * made once per run. The caller owns the transaction; this module only writes rows.
 */
import { sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { CodebookDatabase } from '../db/connection.js';
import * as schema from '../schema/tables.js';
import type { Finding } from './diagnostics.js';
import type { DocumentRows } from './normalize.js';

export interface DocumentSource {
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

export interface Loader {
  /** Writes a document's rows and findings; returns its document id. */
  load(source: DocumentSource, rows: DocumentRows, findings: readonly Finding[]): number;
}

/** A prepared INSERT whose parameters are the named columns; `orIgnore` for catalog rows. */
function preparedInsert<T extends SQLiteTable>(db: CodebookDatabase, table: T, columns: readonly (keyof T['$inferInsert'] & string)[], orIgnore = false) {
  const values = Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)]));
  const insert = db.insert(table).values(values as T['$inferInsert']);
  return (orIgnore ? insert.onConflictDoNothing() : insert).prepare();
}

export function createLoader(db: CodebookDatabase, ingestRunId: number): Loader {
  const insertDocument = preparedInsert(db, schema.sourceDocuments, ['path', 'sha256', 'sizeBytes', 'ingestRunId']);
  const insertCode = preparedInsert(db, schema.codes, ['code', 'codeSystem', 'codeCategory'], true);
  const insertModifier = preparedInsert(db, schema.modifiers, ['code'], true);
  const insertDiagnosis = preparedInsert(db, schema.diagnoses, ['code', 'codeDotless'], true);
  const insertTaxonomy = preparedInsert(db, schema.taxonomies, ['code'], true);
  const insertPayer = preparedInsert(db, schema.payers, ['name'], true);
  const insertProcedure = preparedInsert(db, schema.procedures, [
    'code',
    'documentId',
    'title',
    'summary',
    'billingOverview',
    'serviceType',
    'clinicalVignette',
    'statedDescriptor',
    'statedDescriptorLine',
  ]);
  const owned = ['procedureCode', 'documentId'] as const;
  const insertSite = preparedInsert(db, schema.procedureSites, [...owned, 'position', 'site']);
  const insertStep = preparedInsert(db, schema.procedureWorkflowSteps, [...owned, 'phase', 'description']);
  const insertModifierUse = preparedInsert(db, schema.procedureModifiers, [
    ...owned,
    'modifierCode',
    'position',
    'line',
    'whenToUse',
    'statedDescription',
  ]);
  const insertRelationship = preparedInsert(db, schema.codeRelationships, [
    ...owned,
    'targetCode',
    'position',
    'line',
    'relationship',
    'statedDescriptor',
  ]);
  const insertDiagnosisLink = preparedInsert(db, schema.procedureDiagnoses, [
    ...owned,
    'diagnosisCode',
    'position',
    'line',
    'clinicalRelevance',
    'statedDescription',
  ]);
  const insertTaxonomyLink = preparedInsert(db, schema.procedureTaxonomies, [
    ...owned,
    'taxonomyCode',
    'position',
    'line',
    'notes',
    'statedSpecialty',
  ]);
  const insertPayerLink = preparedInsert(db, schema.procedurePayers, [...owned, 'payerName', 'position']);
  const insertMarker = preparedInsert(db, schema.unavailableMarkers, [...owned, 'scope', 'itemKey', 'field', 'reason', 'line']);
  const insertDiagnostic = preparedInsert(db, schema.ingestDiagnostics, ['documentId', 'line', 'severity', 'rule', 'message']);

  return {
    load(source, rows, findings) {
      const documentId = Number(insertDocument.run({ ...source, ingestRunId }).lastInsertRowid);
      const { catalog } = rows;
      for (const row of catalog.codes) insertCode.run(row);
      for (const row of catalog.modifiers) insertModifier.run(row);
      for (const row of catalog.diagnoses) insertDiagnosis.run(row);
      for (const row of catalog.taxonomies) insertTaxonomy.run(row);
      for (const row of catalog.payers) insertPayer.run(row);
      insertProcedure.run({ ...rows.procedure, documentId });
      const owner = { procedureCode: rows.code, documentId };
      for (const row of rows.sites) insertSite.run({ ...owner, ...row });
      for (const row of rows.workflowSteps) insertStep.run({ ...owner, ...row });
      for (const row of rows.modifiers) insertModifierUse.run({ ...owner, ...row });
      for (const row of rows.relationships) insertRelationship.run({ ...owner, ...row });
      for (const row of rows.diagnoses) insertDiagnosisLink.run({ ...owner, ...row });
      for (const row of rows.taxonomies) insertTaxonomyLink.run({ ...owner, ...row });
      for (const row of rows.payers) insertPayerLink.run({ ...owner, ...row });
      for (const row of rows.markers) insertMarker.run({ ...owner, ...row });
      for (const finding of findings) insertDiagnostic.run({ documentId, ...finding });
      return documentId;
    },
  };
}
