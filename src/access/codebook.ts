/**
 * The data-access layer: typed reads over a provisioned reference database, through statements
 * prepared once per connection. Apps embed this (`import { openCodebook } from 'codebook'`);
 * the CLI's read commands are thin wrappers over it.
 */
import { and, desc, eq, getViewSelectedFields, sql, type Column } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { openDatabase, type CodebookDatabase } from '../db/connection.js';
import { assertCodebookDatabase } from '../db/identity.js';
import { canonicalCode, CODE_SYSTEMS, icd10Forms, type CodeSystem } from '../domain/codes.js';
import { UNKNOWABLE_FIELDS, WORKFLOW_FIELD, WORKFLOW_PHASES, type WorkflowPhase } from '../domain/unknowns.js';
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
  procedureWorkflowSteps,
  rejectedDocuments,
  sourceDocuments,
  taxonomies,
  unknownValues,
} from '../schema/tables.js';
import { diagnosisUsage, modifierUsage, procedureOverview, relatedCodes, taxonomyUsage, unknownValueSources } from '../schema/views.js';
import { jsonRows, jsonValues } from './json-sql.js';
import * as argument from './arguments.js';
import { nullFields, type CodeNarrative, type CodeRecord, type CodeRecordField, type SourceEntry } from './record.js';
import { prepareSearch, type SearchHit } from './search.js';

const relatedCode = alias(codes, 'related_code');

export const RELATION_DIRECTIONS = ['out', 'in', 'both'] as const;
export type RelationDirection = (typeof RELATION_DIRECTIONS)[number];

export interface ListCodesFilter {
  /** Only CPT or only HCPCS codes. */
  readonly system?: CodeSystem;
  /** Only codes whose documents leave something unknown (true), or leave nothing unknown (false). */
  readonly hasUnknown?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

export interface OpenCodebookOptions {
  /** Readers open read-only (the default); pass false to share a connection with a writer. */
  readonly readonly?: boolean;
  /**
   * The file never changes (read-only media, an image layer): it is read once into memory, and
   * never locked or looked beside again. Costs memory the size of the file.
   */
  readonly immutable?: boolean;
  /** How long a read waits for an ingest's commit before "database is locked" (default 60 s). */
  readonly busyTimeoutMs?: number;
}

/** The record's unknowable fields, in the order `unknown` lists them. */
const RECORD_FIELDS: readonly CodeRecordField[] = [
  'title',
  'descriptor',
  'serviceType',
  'sitesOfService',
  'modifiers',
  'relatedCodes',
  'diagnoses',
  'taxonomies',
  'payers',
];

/** The document a catalog value came from, joined beside each item that shows the value. */
const catalogSource = alias(sourceDocuments, 'catalog_source');
const descriptorSource = alias(sourceDocuments, 'descriptor_source');

/**
 * One statement for the whole record: scalar fields joined, each list aggregated to JSON inside
 * SQLite, every catalog value with the path and sha256 of the document that supplied it.
 */
function prepareRecordQuery(db: CodebookDatabase) {
  const owns = (column: Column) => sql`${column} = ${procedures.code}`;
  const sourceOf = (documentId: Column) => sql`LEFT JOIN ${sourceDocuments} AS ${catalogSource} ON ${catalogSource.id} = ${documentId}`;
  return db
    .select({
      code: procedures.code,
      codeSystem: codes.codeSystem,
      title: procedures.title,
      descriptor: codes.descriptor,
      serviceType: procedures.serviceType,
      path: sourceDocuments.path,
      sha256: sourceDocuments.sha256,
      descriptorPath: descriptorSource.path,
      descriptorSha256: descriptorSource.sha256,
      sites: jsonValues(procedureSites.site, procedureSites.position, sql`FROM ${procedureSites} WHERE ${owns(procedureSites.procedureCode)}`),
      modifiers: jsonRows(
        [procedureModifiers.modifierCode, modifiers.description, procedureModifiers.whenToUse, catalogSource.path, catalogSource.sha256],
        procedureModifiers.position,
        sql`FROM ${procedureModifiers} JOIN ${modifiers} ON ${modifiers.code} = ${procedureModifiers.modifierCode}
            ${sourceOf(modifiers.descriptionDocumentId)} WHERE ${owns(procedureModifiers.procedureCode)}`,
      ),
      relatedCodes: jsonRows(
        [codeRelationships.targetCode, relatedCode.descriptor, codeRelationships.relationship, catalogSource.path, catalogSource.sha256],
        codeRelationships.position,
        sql`FROM ${codeRelationships} JOIN ${codes} AS ${relatedCode} ON ${relatedCode.code} = ${codeRelationships.targetCode}
            ${sourceOf(relatedCode.descriptorDocumentId)} WHERE ${owns(codeRelationships.procedureCode)}`,
      ),
      diagnoses: jsonRows(
        [procedureDiagnoses.diagnosisCode, diagnoses.description, procedureDiagnoses.clinicalRelevance, catalogSource.path, catalogSource.sha256],
        procedureDiagnoses.position,
        sql`FROM ${procedureDiagnoses} JOIN ${diagnoses} ON ${diagnoses.code} = ${procedureDiagnoses.diagnosisCode}
            ${sourceOf(diagnoses.descriptionDocumentId)} WHERE ${owns(procedureDiagnoses.procedureCode)}`,
      ),
      taxonomies: jsonRows(
        [procedureTaxonomies.taxonomyCode, taxonomies.specialty, procedureTaxonomies.notes, catalogSource.path, catalogSource.sha256],
        procedureTaxonomies.position,
        sql`FROM ${procedureTaxonomies} JOIN ${taxonomies} ON ${taxonomies.code} = ${procedureTaxonomies.taxonomyCode}
            ${sourceOf(taxonomies.specialtyDocumentId)} WHERE ${owns(procedureTaxonomies.procedureCode)}`,
      ),
      payers: jsonValues(procedurePayers.payerName, procedurePayers.position, sql`FROM ${procedurePayers} WHERE ${owns(procedurePayers.procedureCode)}`),
      unknownLists: jsonValues(
        unknownValues.field,
        unknownValues.field,
        sql`FROM ${unknownValues} WHERE ${owns(unknownValues.procedureCode)} AND ${unknownValues.scope} = 'record'`,
      ),
    })
    .from(procedures)
    .innerJoin(codes, eq(codes.code, procedures.code))
    .innerJoin(sourceDocuments, eq(sourceDocuments.id, procedures.documentId))
    .leftJoin(descriptorSource, eq(descriptorSource.id, codes.descriptorDocumentId))
    .where(eq(procedures.code, sql.placeholder('code')))
    .prepare();
}

type RecordRow = NonNullable<ReturnType<ReturnType<typeof prepareRecordQuery>['get']>>;

/** An entry of a record's list, with `unknown` naming its null fields (in a loop: this is hot). */
function entry<E extends object, F extends keyof E>(fields: E, unknowable: readonly F[]): E & { unknown: F[] } {
  const unknown: F[] = [];
  for (const field of unknowable) if (fields[field] === null) unknown.push(field);
  return Object.assign(fields, { unknown });
}

const byPath = (a: SourceEntry, b: SourceEntry): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function toCodeRecord(row: RecordRow): CodeRecord {
  const own = { path: row.path, sha256: row.sha256 };
  const others: SourceEntry[] = [];
  const cited = new Set<string>([row.path]);
  const cite = (path: string | null, sha256: string | null): void => {
    if (path === null || sha256 === null || cited.has(path)) return;
    cited.add(path);
    others.push({ path, sha256 });
  };
  cite(row.descriptorPath, row.descriptorSha256);
  const modifiers = row.modifiers.map(([code, description, whenToUse, path, sha256]) => {
    cite(path, sha256);
    return entry({ code, description, whenToUse }, UNKNOWABLE_FIELDS.modifiers);
  });
  const relatedCodes = row.relatedCodes.map(([code, descriptor, relationship, path, sha256]) => {
    cite(path, sha256);
    return entry({ code, descriptor, relationship }, UNKNOWABLE_FIELDS.relatedCodes);
  });
  const diagnoses = row.diagnoses.map(([code, description, clinicalRelevance, path, sha256]) => {
    cite(path, sha256);
    return entry({ code, description, clinicalRelevance }, UNKNOWABLE_FIELDS.diagnoses);
  });
  const taxonomies = row.taxonomies.map(([code, specialty, notes, path, sha256]) => {
    cite(path, sha256);
    return entry({ code, specialty, notes }, UNKNOWABLE_FIELDS.taxonomies);
  });
  const record: CodeRecord = {
    code: row.code,
    codeSystem: row.codeSystem,
    title: row.title,
    descriptor: row.descriptor,
    serviceType: row.serviceType,
    sitesOfService: row.sites,
    modifiers,
    relatedCodes,
    diagnoses,
    taxonomies,
    payers: row.payers,
    unknown: [],
    sources: [own, ...others.sort(byPath)],
  };
  for (const field of RECORD_FIELDS) {
    const value = record[field];
    if (Array.isArray(value) ? row.unknownLists.includes(field) : value === null) record.unknown.push(field);
  }
  return record;
}

export function openCodebook(path: string, options: OpenCodebookOptions = {}) {
  const given = argument.options('openCodebook', 'options', options, ['readonly', 'immutable', 'busyTimeoutMs']);
  const immutable = argument.flag('openCodebook', 'options.immutable', given.immutable) ?? false;
  const readonly = argument.flag('openCodebook', 'options.readonly', given.readonly) ?? true;
  if (immutable && !readonly) throw new TypeError('openCodebook: an immutable database is read-only; options.readonly cannot be false');
  const busyTimeoutMs = argument.count('openCodebook', 'options.busyTimeoutMs', given.busyTimeoutMs);
  const db = openDatabase(argument.text('openCodebook', 'path', path), { readonly, immutable, busyTimeoutMs });
  try {
    assertCodebookDatabase(db.$client, path);
  } catch (e) {
    db.$client.close();
    throw e;
  }
  const recordQuery = prepareRecordQuery(db);
  const narrativeQuery = db
    .select({
      code: procedures.code,
      summary: procedures.summary,
      billingOverview: procedures.billingOverview,
      clinicalVignette: procedures.clinicalVignette,
      workflows: jsonRows(
        [procedureWorkflowSteps.phase, procedureWorkflowSteps.description],
        procedureWorkflowSteps.phase,
        sql`FROM ${procedureWorkflowSteps} WHERE ${procedureWorkflowSteps.procedureCode} = ${procedures.code}`,
      ),
      unknownPhases: jsonValues(
        unknownValues.field,
        unknownValues.field,
        sql`FROM ${unknownValues} WHERE ${unknownValues.procedureCode} = ${procedures.code}
            AND ${unknownValues.scope} = 'record' AND ${unknownValues.field} LIKE '%Workflow'`,
      ),
    })
    .from(procedures)
    .where(eq(procedures.code, sql.placeholder('code')))
    .prepare();

  const listQuery = db
    .select()
    .from(procedureOverview)
    .where(
      and(
        sql`(${sql.placeholder('system')} IS NULL OR ${procedureOverview.codeSystem} = ${sql.placeholder('system')})`,
        sql`(${sql.placeholder('hasUnknown')} IS NULL OR (${procedureOverview.unknownValueCount} > 0) = ${sql.placeholder('hasUnknown')})`,
      ),
    )
    .orderBy(procedureOverview.code)
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare();
  const relatedQuery = db
    .select()
    .from(relatedCodes)
    .where(
      and(
        eq(relatedCodes.code, sql.placeholder('code')),
        sql`(${sql.placeholder('direction')} IS NULL OR ${relatedCodes.direction} = ${sql.placeholder('direction')})`,
      ),
    )
    .orderBy(desc(sql`${relatedCodes.direction}`), relatedCodes.position, sql`${relatedCodes.relatedCode}`)
    .prepare();
  /** The documented codes that use one catalog entry, from the usage view of that catalog. */
  const usesOf = <V extends typeof modifierUsage | typeof diagnosisUsage | typeof taxonomyUsage>(view: V, code: Column) =>
    db.select().from(view).where(eq(code, sql.placeholder('code'))).orderBy(view.procedureCode).prepare();
  const modifierQuery = usesOf(modifierUsage, modifierUsage.modifierCode);
  const diagnosisQuery = usesOf(diagnosisUsage, diagnosisUsage.diagnosisCode);
  const taxonomyQuery = usesOf(taxonomyUsage, taxonomyUsage.taxonomyCode);
  const payerQuery = db
    .select({ payer: procedurePayers.payerName, ...getViewSelectedFields(procedureOverview) })
    .from(procedurePayers)
    .innerJoin(procedureOverview, eq(procedureOverview.code, procedurePayers.procedureCode))
    .where(sql`${procedurePayers.payerName} = ${sql.placeholder('name')} COLLATE NOCASE`)
    .orderBy(procedurePayers.procedureCode)
    .prepare();
  const search = prepareSearch(db.$client);
  const unknownQuery = db
    .select()
    .from(unknownValueSources)
    .where(sql`(${sql.placeholder('code')} IS NULL OR ${unknownValueSources.procedureCode} = ${sql.placeholder('code')})`)
    .orderBy(unknownValueSources.procedureCode, sql`${unknownValueSources.scope} <> 'record'`, unknownValueSources.scope, unknownValueSources.itemKey, unknownValueSources.field)
    .prepare();
  const rejectedQuery = db
    .select()
    .from(rejectedDocuments)
    .where(sql`(${sql.placeholder('code')} IS NULL OR ${rejectedDocuments.code} = ${sql.placeholder('code')})`)
    .orderBy(rejectedDocuments.path)
    .prepare();

  return {
    /** The drizzle database, for queries this layer does not offer. */
    db,

    /** One documented code's full record; undefined when no document describes `code`. */
    getCode(code: string): CodeRecord | undefined {
      const row = recordQuery.get({ code: canonicalCode(argument.text('getCode', 'code', code)) });
      return row && toCodeRecord(row);
    },

    /** One documented code's prose: summary, billing overview, clinical vignette, workflow phases. */
    getNarrative(code: string): CodeNarrative | undefined {
      const row = narrativeQuery.get({ code: canonicalCode(argument.text('getNarrative', 'code', code)) });
      if (!row) return undefined;
      const { workflows, unknownPhases, ...prose } = row;
      const phaseOrder = (phase: WorkflowPhase) => WORKFLOW_PHASES.indexOf(phase);
      return {
        ...prose,
        workflows: workflows
          .map(([phase, description]) => ({ phase, description }))
          .sort((a, b) => phaseOrder(a.phase) - phaseOrder(b.phase)),
        unknown: [
          ...nullFields(prose, ['summary', 'billingOverview', 'clinicalVignette'] as const),
          ...Object.values(WORKFLOW_FIELD).filter((field) => (unknownPhases as string[]).includes(field)),
        ],
      };
    },

    /** Documented codes, one overview row each (counts are null where a list is unknown), by code. */
    listCodes(filter: ListCodesFilter = {}) {
      const given = argument.options('listCodes', 'filter', filter, ['system', 'hasUnknown', 'limit', 'offset']);
      const hasUnknown = argument.flag('listCodes', 'filter.hasUnknown', given.hasUnknown);
      return listQuery.all({
        system: argument.oneOf('listCodes', 'filter.system', given.system, CODE_SYSTEMS) ?? null,
        hasUnknown: hasUnknown === undefined ? null : Number(hasUnknown),
        limit: argument.count('listCodes', 'filter.limit', given.limit) ?? -1,
        offset: argument.count('listCodes', 'filter.offset', given.offset) ?? 0,
      });
    },

    /**
     * Codes related to `code`: `out`, the codes its document lists; `in`, the codes whose documents
     * list it; `both` (the default), out first. Each row says which document states the relationship.
     */
    relatedTo(code: string, options: { direction?: RelationDirection } = {}) {
      const { direction } = argument.options('relatedTo', 'options', options, ['direction']);
      const given = argument.oneOf('relatedTo', 'options.direction', direction, RELATION_DIRECTIONS) ?? 'both';
      return relatedQuery.all({ code: canonicalCode(argument.text('relatedTo', 'code', code)), direction: given === 'both' ? null : given });
    },

    /** The documented codes that allow `modifier`, with its description and when to use it there. */
    codesUsingModifier(modifier: string) {
      return modifierQuery.all({ code: canonicalCode(argument.text('codesUsingModifier', 'modifier', modifier)) });
    },

    /** The documented codes linked to an ICD-10-CM diagnosis, written with or without its dot. */
    codesWithDiagnosis(icd10: string) {
      const forms = icd10Forms(argument.text('codesWithDiagnosis', 'icd10', icd10));
      return forms ? diagnosisQuery.all({ code: forms.display }) : [];
    },

    /** The documented codes linked to a NUCC provider taxonomy code. */
    codesForTaxonomy(nucc: string) {
      return taxonomyQuery.all({ code: canonicalCode(argument.text('codesForTaxonomy', 'nucc', nucc)) });
    },

    /** The documented codes whose documents cover a payer (name matched without regard to case). */
    codesForPayer(name: string) {
      return payerQuery.all({ name: argument.text('codesForPayer', 'name', name).trim() });
    },

    /**
     * Full-text search over titles, descriptors, summaries, clinical context and modifier
     * guidance, best match first (bm25). Every word of `text` must match (words are matched by
     * stem: "graft" finds "grafts"); the snippet marks matches with [brackets].
     */
    search(text: string, options: { limit?: number } = {}): SearchHit[] {
      const { limit } = argument.options('search', 'options', options, ['limit']);
      return search(argument.text('search', 'text', text), argument.count('search', 'options.limit', limit) ?? 20);
    },

    /** Every value the documents left unknown (of one code, if given): with why and where (the unknown_value_sources view). */
    unknownValues(filter: { code?: string } = {}) {
      const { code } = argument.options('unknownValues', 'filter', filter, ['code']);
      return unknownQuery.all({ code: code === undefined ? null : canonicalCode(argument.text('unknownValues', 'filter.code', code)) });
    },

    /** The documents `--keep-going` builds left out for their errors (of one code, if given), by path: none of their facts is stored. */
    rejectedDocuments({ code }: { code?: string } = {}) {
      return rejectedQuery.all({ code: code === undefined ? null : canonicalCode(code) });
    },

    close(): void {
      db.$client.close();
    },
  };
}

export type Codebook = ReturnType<typeof openCodebook>;
