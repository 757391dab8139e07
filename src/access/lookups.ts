/**
 * The lookups over the analysis views: documented codes, the codes related to a code, the codes
 * that use a catalog entry (a modifier, a diagnosis, a taxonomy, a payer), what is unknown and
 * which documents were left out. Each returns rows of a view or table; their types are exported
 * by name, from the schema (`$inferSelect`).
 */
import { and, desc, eq, getViewSelectedFields, sql, type Column } from 'drizzle-orm';
import { settled, type Plan, type ReadDatabase } from '../db/plan.js';
import type { CodeSystem } from '../domain/codes.js';
import { buildRuns, procedurePayers, procedures, rejectedDocuments, sourceDocuments } from '../schema/tables.js';
import type { RelationDirection } from '../domain/relations.js';
import { diagnosisUsage, modifierUsage, procedureOverview, relatedCodes, taxonomyUsage, unknownValueSources } from '../schema/views.js';

/** A documented code in `procedure_overview`: its text fields, its counts (null when unknown), how much is unknown. */
export type ProcedureOverviewRow = typeof procedureOverview.$inferSelect;
/** A relationship in `related_codes`, seen from one end. */
export type RelatedCodeRow = typeof relatedCodes.$inferSelect;
/** A documented code's use of a modifier, in `modifier_usage`. */
export type ModifierUseRow = typeof modifierUsage.$inferSelect;
/** A documented code's link to a diagnosis, in `diagnosis_usage`. */
export type DiagnosisUseRow = typeof diagnosisUsage.$inferSelect;
/** A documented code's link to a provider taxonomy, in `taxonomy_usage`. */
export type TaxonomyUseRow = typeof taxonomyUsage.$inferSelect;
/** A documented code whose document covers a payer: the payer's name beside the code's overview. */
export type PayerUseRow = { payer: string } & ProcedureOverviewRow;
/** A value a document leaves unknown, in `unknown_value_sources`. */
export type UnknownValueSourceRow = typeof unknownValueSources.$inferSelect;

/** What an unknown value is called: its record field (`payers`), or its entry's field (`modifiers[59].whenToUse`). */
export const unknownValueName = (value: Pick<UnknownValueSourceRow, 'scope' | 'itemKey' | 'field'>): string =>
  value.scope === 'record' ? value.field : `${value.scope}[${value.itemKey}].${value.field}`;
/** A provision or ingest that built the database, in `build_runs`. */
export type BuildRunRow = typeof buildRuns.$inferSelect;
/** A document a `--keep-going` build left out, in `rejected_documents`. */
export type RejectedDocumentRow = typeof rejectedDocuments.$inferSelect;

export interface ListCodesFilter {
  /** Only CPT or only HCPCS codes. */
  readonly system?: CodeSystem;
  /** Only codes whose documents leave something unknown (true), or leave nothing unknown (false). */
  readonly hasUnknown?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** The lookups over `db`, their statements prepared once. Arguments are checked by the caller. */
export function prepareLookups(db: ReadDatabase) {
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
    db
      .select()
      .from(view)
      .where(eq(code, sql.placeholder('code')))
      .orderBy(view.procedureCode)
      .prepare();
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
  // One statement with the code and one without: `:code IS NULL OR procedure_code = :code` would scan every row.
  const unknownQuery = (byCode: boolean) =>
    db
      .select()
      .from(unknownValueSources)
      .where(byCode ? eq(unknownValueSources.procedureCode, sql.placeholder('code')) : undefined)
      .orderBy(
        unknownValueSources.procedureCode,
        sql`${unknownValueSources.scope} <> 'record'`,
        unknownValueSources.scope,
        unknownValueSources.itemKey,
        unknownValueSources.field,
      )
      .prepare();
  const [allUnknown, unknownOfCode] = [unknownQuery(false), unknownQuery(true)];
  const rejectedQuery = db
    .select()
    .from(rejectedDocuments)
    .where(sql`(${sql.placeholder('code')} IS NULL OR ${rejectedDocuments.code} = ${sql.placeholder('code')})`)
    .orderBy(rejectedDocuments.path)
    .prepare();

  const neighbourQuery = (comparison: 'above' | 'below') =>
    db
      .select({ code: procedures.code })
      .from(procedures)
      .where(
        comparison === 'above'
          ? sql`${procedures.code} > ${sql.placeholder('code')}`
          : sql`${procedures.code} < ${sql.placeholder('code')}`,
      )
      .orderBy(comparison === 'above' ? procedures.code : desc(procedures.code))
      .limit(sql.placeholder('count'))
      .prepare();
  const [above, below] = [neighbourQuery('above'), neighbourQuery('below')];
  const latestRunQuery = db.select().from(buildRuns).orderBy(desc(buildRuns.id)).limit(1).prepare();
  const countsQuery = db
    .select({
      documents: sql<number>`(SELECT count(*) FROM ${sourceDocuments})`,
      procedures: sql<number>`(SELECT count(*) FROM ${procedures})`,
      rejectedDocuments: sql<number>`(SELECT count(*) FROM ${rejectedDocuments})`,
      buildRuns: sql<number>`(SELECT count(*) FROM ${buildRuns})`,
    })
    .from(sql`(SELECT 1)`)
    .prepare();

  return {
    neighbours: function* (code: string, count: number): Plan<string[]> {
      const before = yield* settled(below.all({ code, count }));
      const after = yield* settled(above.all({ code, count }));
      return [...before.reverse(), ...after].map((row) => row.code);
    },
    latestBuildRun: (): Plan<BuildRunRow | undefined> => settled(latestRunQuery.get()),
    counts: function* (): Plan<{ documents: number; procedures: number; rejectedDocuments: number; buildRuns: number }> {
      return (yield* settled(countsQuery.get()))!;
    },
    listCodes: (system: CodeSystem | null, hasUnknown: boolean | null, limit: number, offset: number): Plan<ProcedureOverviewRow[]> =>
      settled(listQuery.all({ system, hasUnknown: hasUnknown === null ? null : Number(hasUnknown), limit, offset })),
    relatedTo: (code: string, direction: RelationDirection): Plan<RelatedCodeRow[]> =>
      settled(relatedQuery.all({ code, direction: direction === 'both' ? null : direction })),
    codesUsingModifier: (code: string): Plan<ModifierUseRow[]> => settled(modifierQuery.all({ code })),
    codesWithDiagnosis: (code: string): Plan<DiagnosisUseRow[]> => settled(diagnosisQuery.all({ code })),
    codesForTaxonomy: (code: string): Plan<TaxonomyUseRow[]> => settled(taxonomyQuery.all({ code })),
    codesForPayer: (name: string): Plan<PayerUseRow[]> => settled(payerQuery.all({ name })),
    unknownValues: (code: string | null): Plan<UnknownValueSourceRow[]> =>
      settled(code === null ? allUnknown.all() : unknownOfCode.all({ code })),
    rejectedDocuments: (code: string | null): Plan<RejectedDocumentRow[]> => settled(rejectedQuery.all({ code })),
  };
}
