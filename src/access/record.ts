/**
 * The shape of one documented code, as `getCode` returns it and `show --json` prints it.
 * Field types come from the drizzle schema; the names of what may be unknown come from the one
 * list of unknowable fields, and the compiler checks that each is a nullable field of its entry.
 */
import type { UnknowableField } from '../domain/unknowns.js';
import type * as schema from '../schema/tables.js';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

/** The keys of `T` whose values may be null: the only fields that can be unknown. */
type NullableKeys<T> = { [K in keyof T]: null extends T[K] ? K : never }[keyof T];

/** Compiles only when every name in `Fields` is a nullable field or a list of `Entry`. */
type Unknowable<Entry, Fields extends NullableKeys<Entry> | ListKeys<Entry>> = Fields[];
type ListKeys<T> = { [K in keyof T]: T[K] extends readonly unknown[] ? K : never }[keyof T];

export interface ModifierEntry {
  code: Row<typeof schema.modifiers>['code'];
  description: Row<typeof schema.modifiers>['description'];
  whenToUse: Row<typeof schema.procedureModifiers>['whenToUse'];
  unknown: Unknowable<ModifierEntry, UnknowableField<'modifiers'>>;
}

export interface RelatedCodeEntry {
  code: Row<typeof schema.codes>['code'];
  descriptor: Row<typeof schema.codes>['descriptor'];
  relationship: Row<typeof schema.codeRelationships>['relationship'];
  unknown: Unknowable<RelatedCodeEntry, UnknowableField<'relatedCodes'>>;
}

export interface DiagnosisEntry {
  code: Row<typeof schema.diagnoses>['code'];
  description: Row<typeof schema.diagnoses>['description'];
  clinicalRelevance: Row<typeof schema.procedureDiagnoses>['clinicalRelevance'];
  unknown: Unknowable<DiagnosisEntry, UnknowableField<'diagnoses'>>;
}

export interface TaxonomyEntry {
  code: Row<typeof schema.taxonomies>['code'];
  specialty: Row<typeof schema.taxonomies>['specialty'];
  notes: Row<typeof schema.procedureTaxonomies>['notes'];
  unknown: Unknowable<TaxonomyEntry, UnknowableField<'taxonomies'>>;
}

export interface SourceEntry {
  path: Row<typeof schema.sourceDocuments>['path'];
  sha256: Row<typeof schema.sourceDocuments>['sha256'];
}

/** The record fields that may be unknown: the unknowable record fields that this shape has. */
export type CodeRecordField = Extract<UnknowableField<'record'>, keyof CodeRecord>;

export interface CodeRecord {
  code: Row<typeof schema.procedures>['code'];
  codeSystem: Row<typeof schema.codes>['codeSystem'];
  title: Row<typeof schema.procedures>['title'];
  descriptor: Row<typeof schema.codes>['descriptor'];
  serviceType: Row<typeof schema.procedures>['serviceType'];
  sitesOfService: Row<typeof schema.procedureSites>['site'][];
  modifiers: ModifierEntry[];
  relatedCodes: RelatedCodeEntry[];
  diagnoses: DiagnosisEntry[];
  taxonomies: TaxonomyEntry[];
  payers: Row<typeof schema.payers>['name'][];
  /** Fields this document leaves unknown: null (or an empty list) here means unknown, not none. */
  unknown: Unknowable<CodeRecord, CodeRecordField>;
  /** The documents the facts come from: the code's own first, then those that supplied catalog values. */
  sources: SourceEntry[];
}

/** A documented code's prose: what the record leaves out because it is long text. */
export interface CodeNarrative {
  code: Row<typeof schema.procedures>['code'];
  summary: Row<typeof schema.procedures>['summary'];
  billingOverview: Row<typeof schema.procedures>['billingOverview'];
  clinicalVignette: Row<typeof schema.procedures>['clinicalVignette'];
  workflows: Pick<Row<typeof schema.procedureWorkflowSteps>, 'phase' | 'description'>[];
  unknown: Extract<
    UnknowableField<'record'>,
    'summary' | 'billingOverview' | 'clinicalVignette' | `${Row<typeof schema.procedureWorkflowSteps>['phase']}Workflow`
  >[];
}

/** The names of `fields` whose value in `entry` is null, in the order given. */
export function nullFields<T, F extends keyof T>(entry: T, fields: readonly F[]): F[] {
  return fields.filter((f) => entry[f] === null);
}
