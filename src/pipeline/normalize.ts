/**
 * Stage 4, normalize: the document model becomes the rows the database stores.
 * - Duplicate items of a list (sites of service, payers): the first is kept, a warning says so.
 * - Duplicate rows for one code in one table: the first is kept, a warning quotes both lines.
 * - The document's own row in its related-codes table is not a relationship: it states the
 *   code's descriptor.
 * - Every `Unavailable` value becomes NULL plus an unavailable marker row, never text, never [].
 *
 * Pure: a DocumentModel in, DocumentRows and findings out.
 */
import { basename } from 'node:path';
import { classifyCode } from '../domain/codes.js';
import type { ListScope, UnknowableField, UnknownScope } from '../domain/unknowns.js';
import { WORKFLOW_FIELD, WORKFLOW_PHASES } from '../domain/unknowns.js';
import type * as schema from '../schema/tables.js';
import { quote, warning, type Finding } from './diagnostics.js';
import { isUnavailable, type DocumentModel, type Known, type Unavailable } from './model.js';

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];
/** A fact row as normalize makes it: the loader adds the procedure code and document id. */
type Owned<T extends { $inferInsert: unknown }> = Omit<Insert<T>, 'procedureCode' | 'documentId'>;

export type MarkerRow = Omit<Owned<typeof schema.unavailableMarkers>, 'scope' | 'field'> &
  { [S in UnknownScope]: { scope: S; field: UnknowableField<S> } }[UnknownScope];

export interface DocumentRows {
  readonly code: string;
  readonly catalog: {
    readonly codes: Insert<typeof schema.codes>[];
    readonly modifiers: Insert<typeof schema.modifiers>[];
    readonly diagnoses: Insert<typeof schema.diagnoses>[];
    readonly taxonomies: Insert<typeof schema.taxonomies>[];
    readonly payers: Insert<typeof schema.payers>[];
  };
  readonly procedure: Omit<Insert<typeof schema.procedures>, 'documentId'>;
  readonly sites: Owned<typeof schema.procedureSites>[];
  readonly workflowSteps: Owned<typeof schema.procedureWorkflowSteps>[];
  readonly modifiers: Owned<typeof schema.procedureModifiers>[];
  readonly relationships: Omit<Insert<typeof schema.codeRelationships>, 'procedureCode' | 'documentId'>[];
  readonly diagnoses: Owned<typeof schema.procedureDiagnoses>[];
  readonly taxonomies: Owned<typeof schema.procedureTaxonomies>[];
  readonly payers: Owned<typeof schema.procedurePayers>[];
  readonly markers: MarkerRow[];
}

export interface NormalizeResult {
  readonly rows: DocumentRows;
  readonly findings: Finding[];
}

/** Keeps the first of each key; reports each dropped one as a finding. */
function uniqueBy<T>(items: readonly T[], key: (item: T) => string, report: (dropped: T, kept: T) => Finding, findings: Finding[]): T[] {
  const seen = new Map<string, T>();
  const kept: T[] = [];
  for (const item of items) {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) {
      seen.set(k, item);
      kept.push(item);
    } else findings.push(report(item, first));
  }
  return kept;
}

interface SourceRow {
  readonly line: number;
  readonly source: string;
}

/**
 * What a row says besides its code, comparable across rows: an unknown value by its reason only,
 * so two rows that say the same are exact duplicates however their pipes and spaces are written.
 */
const statements = (row: object): string =>
  JSON.stringify(
    Object.entries(row)
      .filter(([key]) => key !== 'line' && key !== 'source' && key !== 'code')
      .map(([key, value]) => [key, isUnavailable(value) ? value.unavailable : value]),
  );

const duplicateRow =
  <T extends SourceRow>(what: string, codeOf: (row: T) => string) =>
  (dropped: T, kept: T): Finding =>
    warning(
      dropped.line,
      'duplicate-row',
      `${statements(dropped) === statements(kept) ? 'exact' : 'conflicting'} duplicate ${what} ${codeOf(dropped)} dropped; the first, line ${kept.line}, is kept. line ${kept.line}: ${quote(kept.source)}; line ${dropped.line}: ${quote(dropped.source)}`,
    );

/**
 * The catalog rows of a document's own code and of each code it relates to, in order. Pushed one
 * by one (as the file name's codes are): an optimized `map` makes arrays of another kind than the
 * interpreter's, and meeting both kinds sends normalizeDocument back to be compiled again.
 */
function catalogCodes(code: string, relationships: readonly { readonly code: string }[]): Insert<typeof schema.codes>[] {
  const codes = [catalogCode(code)];
  for (const r of relationships) codes.push(catalogCode(r.code));
  return codes;
}

function catalogCode(code: string): Insert<typeof schema.codes> {
  const codeClass = classifyCode(code)!;
  return { code, codeSystem: codeClass.system, codeCategory: codeClass.category };
}

export function normalizeDocument(model: DocumentModel, path: string): NormalizeResult {
  const findings: Finding[] = [];
  const markers: MarkerRow[] = [];
  const code = model.code;

  const mark = <S extends UnknownScope>(scope: S, itemKey: string, field: UnknowableField<S>, why: Unavailable): null => {
    markers.push({ scope, itemKey, field, reason: why.unavailable, line: why.line } as MarkerRow);
    return null;
  };
  const recordValue = <T>(field: UnknowableField<'record'>, value: Known<T>): T | null =>
    isUnavailable(value) ? mark('record', code, field, value) : value;
  const itemValue = <S extends ListScope>(scope: S, itemKey: string, field: UnknowableField<S>, value: Known<string>) =>
    isUnavailable(value) ? mark(scope, itemKey, field, value) : value;
  const listRows = <T extends SourceRow & { code: unknown }>(
    field: ListScope,
    value: Known<T[]>,
    what: string,
    keyOf: (row: T) => string,
  ): T[] => {
    const rows = recordValue(field, value);
    if (rows === null) return [];
    return uniqueBy(rows, keyOf, duplicateRow(what, keyOf), findings);
  };

  const fileCodes: string[] = [];
  for (const token of basename(path).split(/[^0-9A-Za-z]+/)) {
    const upper = token.toUpperCase();
    if (classifyCode(upper) !== undefined) fileCodes.push(upper);
  }
  if (fileCodes.length > 0 && !fileCodes.includes(code)) {
    findings.push(warning(model.titleLine, 'title-file-mismatch', `the title is for ${code} but the file name names ${fileCodes.join(', ')}`));
  }

  const listItems = (field: 'sitesOfService' | 'payers', what: string) =>
    uniqueBy(
      recordValue(field, model[field]) ?? [],
      (item) => item.value.toLowerCase(),
      (item, kept) => warning(item.line, 'duplicate-item', `${what} ${quote(item.value)} listed twice (first at line ${kept.line}); kept once`),
      findings,
    );
  const sites = listItems('sitesOfService', 'site of service');
  const payerItems = listItems('payers', 'payer');

  const modifierRows = listRows('modifiers', model.modifiers, 'modifier', (r) => r.code);
  const diagnosisRows = listRows('diagnoses', model.diagnoses, 'diagnosis', (r) => r.code.display);
  const taxonomyRows = listRows('taxonomies', model.taxonomies, 'taxonomy', (r) => r.code.code);
  const relatedRows = listRows('relatedCodes', model.relatedCodes, 'related code', (r) => r.code);
  const ownRow = relatedRows.find((r) => r.code === code);
  const relationships = relatedRows.filter((r) => r !== ownRow);

  for (const row of taxonomyRows) {
    if (row.code.addedTrailingX) {
      findings.push(warning(row.line, 'nucc-missing-x', `taxonomy code ${row.code.code.slice(0, -1)} lacks its trailing X; stored as ${row.code.code}`));
    }
  }

  const descriptorUnknown: Unavailable = isUnavailable(model.relatedCodes)
    ? model.relatedCodes
    : { unavailable: 'not stated', line: null };
  const statedDescriptor = ownRow ? ownRow.descriptor : descriptorUnknown;

  const rows: DocumentRows = {
    code,
    catalog: {
      codes: catalogCodes(code, relationships),
      modifiers: modifierRows.map((r) => ({ code: r.code })),
      diagnoses: diagnosisRows.map((r) => ({ code: r.code.display, codeDotless: r.code.dotless })),
      taxonomies: taxonomyRows.map((r) => ({ code: r.code.code })),
      payers: payerItems.map((item) => ({ name: item.value })),
    },
    procedure: {
      code,
      title: recordValue('title', model.title),
      summary: recordValue('summary', model.summary),
      billingOverview: recordValue('billingOverview', model.billingOverview),
      serviceType: recordValue('serviceType', model.serviceType),
      clinicalVignette: recordValue('clinicalVignette', model.clinicalVignette),
      statedDescriptor: recordValue('descriptor', statedDescriptor),
      statedDescriptorLine: ownRow?.line ?? null,
      markedAddOn: model.markedAddOn || (ownRow?.markedAddOn ?? false),
    },
    sites: sites.map((item, i) => ({ position: i + 1, site: item.value, line: item.line })),
    workflowSteps: WORKFLOW_PHASES.flatMap((phase) => {
      const description = recordValue(WORKFLOW_FIELD[phase], model.workflows[phase]);
      return description === null ? [] : [{ phase, description }];
    }),
    modifiers: modifierRows.map((r, i) => ({
      modifierCode: r.code,
      position: i + 1,
      line: r.line,
      whenToUse: itemValue('modifiers', r.code, 'whenToUse', r.whenToUse),
      statedDescription: itemValue('modifiers', r.code, 'description', r.description),
    })),
    relationships: relationships.map((r, i) => ({
      targetCode: r.code,
      position: i + 1,
      line: r.line,
      relationship: itemValue('relatedCodes', r.code, 'relationship', r.relationship),
      statedDescriptor: itemValue('relatedCodes', r.code, 'descriptor', r.descriptor),
      markedAddOn: r.markedAddOn,
    })),
    diagnoses: diagnosisRows.map((r, i) => ({
      diagnosisCode: r.code.display,
      position: i + 1,
      line: r.line,
      clinicalRelevance: itemValue('diagnoses', r.code.display, 'clinicalRelevance', r.clinicalRelevance),
      statedDescription: itemValue('diagnoses', r.code.display, 'description', r.description),
    })),
    taxonomies: taxonomyRows.map((r, i) => ({
      taxonomyCode: r.code.code,
      position: i + 1,
      line: r.line,
      notes: itemValue('taxonomies', r.code.code, 'notes', r.notes),
      statedSpecialty: itemValue('taxonomies', r.code.code, 'specialty', r.specialty),
    })),
    payers: payerItems.map((item, i) => ({ payerName: item.value, position: i + 1, line: item.line })),
    markers,
  };
  return { rows, findings };
}
