/**
 * Stage 4, normalize: the document model becomes the rows the database stores.
 * - Duplicate items of a names field (sites of service, payers): the first is kept, a warning says so.
 * - Duplicate rows for one code in one table: the first is kept, a warning quotes both lines.
 * - The document's own row in its related-codes table is not a relationship: it states the
 *   code's descriptor.
 * - Every unknown value becomes NULL plus an unknown_values row, never text, never [].
 *
 * Every field is carried by its kind into the column src/schema/fields.ts gives it; only the
 * descriptor (stated by the own row) and the catalogs' rows are named here.
 *
 * Pure: a DocumentModel in, DocumentRows and findings out.
 */
import { basename } from 'node:path';
import { classifyCode } from '../domain/codes.js';
import {
  entryFields,
  LIST_ENTRIES,
  LIST_FIELDS,
  NAMES_FIELDS,
  PROSE_FIELDS,
  RECORD_FIELDS,
  TEXT_FIELDS,
  WORKFLOW_FIELDS,
  type ListField,
  type NamesField,
  type ProseField,
  type TextField,
} from '../domain/fields.js';
import { isUnknown, type Known, type Unknown, type UnknowableField, type UnknownScope } from '../domain/unknowns.js';
import { LIST_TABLES, NAMES_TABLES, PROCEDURE_COLUMNS } from '../schema/fields.js';
import type * as schema from '../schema/tables.js';
import { quote, warning, type Finding } from './diagnostics.js';
import type { DocumentModel, EntryRow } from './model.js';

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];
/** A fact row as normalize makes it: the loader adds the procedure code and document id. */
type Owned<T extends { $inferInsert: unknown }> = Omit<Insert<T>, 'procedureCode' | 'documentId'>;

export type UnknownValueRow = Omit<Owned<typeof schema.unknownValues>, 'scope' | 'field'> &
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
  /** The rows of each names field's table. */
  readonly names: { readonly [N in NamesField]: Owned<(typeof NAMES_TABLES)[N]['table']>[] };
  readonly workflowSteps: Owned<typeof schema.procedureWorkflowSteps>[];
  /** The rows of each list field's table (the related codes without the document's own row). */
  readonly lists: { readonly [L in ListField]: Owned<(typeof LIST_TABLES)[L]['table']>[] };
  readonly unknownValues: UnknownValueRow[];
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

/** The code an entry is stored under: ICD-10-CM in display form, a NUCC code with its X. */
const ENTRY_CODE = {
  modifiers: (row) => row.code,
  relatedCodes: (row) => row.code,
  diagnoses: (row) => row.code.display,
  taxonomies: (row) => row.code.code,
} satisfies { [L in ListField]: (row: EntryRow<L>) => string };
const entryCode = <L extends ListField>(list: L, row: EntryRow<L>): string => (ENTRY_CODE[list] as (row: EntryRow<L>) => string)(row);

/** An entry's own facts besides its code and fields (the add-on mark of a related code): stored as they are. */
const LOCATION_KEYS = new Set(['line', 'source', 'code']);

/**
 * What a row says besides its code, comparable across rows: an unknown value by its reason only,
 * so two rows that say the same are exact duplicates however their pipes and spaces are written.
 */
const statements = (row: object): string =>
  JSON.stringify(
    Object.entries(row)
      .filter(([key]) => !LOCATION_KEYS.has(key))
      .map(([key, value]) => [key, isUnknown(value) ? value.unknown : value]),
  );

const duplicateRow =
  <T extends SourceRow>(what: string, codeOf: (row: T) => string) =>
  (dropped: T, kept: T): Finding =>
    warning(
      dropped.line,
      'duplicate-row',
      `${statements(dropped) === statements(kept) ? 'exact' : 'conflicting'} duplicate ${what} ${codeOf(dropped)} ` +
        `dropped; the first, line ${kept.line}, is kept. line ${kept.line}: ${quote(kept.source)}; ` +
        `line ${dropped.line}: ${quote(dropped.source)}`,
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
  const unknownValues: UnknownValueRow[] = [];
  const code = model.code;

  const unknown = <S extends UnknownScope>(scope: S, itemKey: string, field: UnknowableField<S>, why: Unknown): null => {
    unknownValues.push({ scope, itemKey, field, reason: why.unknown, line: why.line ?? null } as UnknownValueRow);
    return null;
  };
  const recordValue = <T>(field: UnknowableField<'record'>, value: Known<T>): T | null =>
    isUnknown(value) ? unknown('record', code, field, value) : value;

  const fileCodes: string[] = [];
  for (const token of basename(path).split(/[^0-9A-Za-z]+/)) {
    const upper = token.toUpperCase();
    if (classifyCode(upper) !== undefined) fileCodes.push(upper);
  }
  if (fileCodes.length > 0 && !fileCodes.includes(code)) {
    findings.push(
      warning(model.titleLine, 'title-file-mismatch', `the title is for ${code} but the file name names ${fileCodes.join(', ')}`),
    );
  }

  // The record's fields, in record order; the items of names and the entries of lists, once per name or code.
  const names = {} as Record<NamesField, { value: string; line: number }[]>;
  const entries = {} as { [L in ListField]: EntryRow<L>[] };
  const texts = {} as Record<TextField | ProseField, string | null>;
  for (const field of Object.keys(RECORD_FIELDS) as (keyof typeof RECORD_FIELDS)[]) {
    const spec = RECORD_FIELDS[field];
    if (spec.kind === 'names') {
      const item = spec.item;
      names[field as NamesField] = uniqueBy(
        recordValue(field, model[field as NamesField]) ?? [],
        (x) => x.value.toLowerCase(),
        (x, kept) => warning(x.line, 'duplicate-item', `${item} ${quote(x.value)} listed twice (first at line ${kept.line}); kept once`),
        findings,
      );
    } else if (spec.kind === 'list') {
      const list = field as ListField;
      const rows = (recordValue(list, model[list]) ?? []) as EntryRow<typeof list>[];
      const keyOf = (row: EntryRow<typeof list>) => entryCode(list, row);
      (entries as Record<ListField, unknown[]>)[list] = uniqueBy(rows, keyOf, duplicateRow(LIST_ENTRIES[list].label, keyOf), findings);
    } else if (spec.kind === 'text' && spec.source === 'own row') {
      continue; // read from the related codes, below
    } else if (spec.kind === 'text' || spec.kind === 'prose') {
      texts[field as TextField | ProseField] = recordValue(field, model[field as Exclude<TextField, 'descriptor'> | ProseField]);
    } else {
      recordValue(field, model[field as Exclude<typeof field, 'descriptor'>]);
    }
  }
  // The descriptor is stated by the document's own row in its related codes, when it has one: that row is no relationship.
  const ownRow = entries.relatedCodes.find((r) => r.code === code);
  const noOwnRow: Unknown = isUnknown(model.relatedCodes) ? model.relatedCodes : { unknown: 'not stated', line: null };
  texts.descriptor = recordValue('descriptor', ownRow ? ownRow.descriptor : noOwnRow);
  entries.relatedCodes = entries.relatedCodes.filter((r) => r !== ownRow);

  for (const row of entries.taxonomies) {
    if (row.code.addedTrailingX) {
      findings.push(
        warning(row.line, 'nucc-missing-x', `taxonomy code ${row.code.code.slice(0, -1)} lacks its trailing X; stored as ${row.code.code}`),
      );
    }
  }

  /** The rows of a list field's table: the entry's code, position and line, its fields' columns, its own facts. */
  const listRows = <L extends ListField>(list: L) => {
    const { code: codeColumn, fields } = LIST_TABLES[list] as { code: string; fields: Record<string, string> };
    return entries[list].map((entry, i) => {
      const key = entryCode(list, entry);
      const row: Record<string, unknown> = { [codeColumn]: key, position: i + 1, line: entry.line };
      for (const field of entryFields(list)) {
        const value = (entry as unknown as Record<string, Known<string>>)[field]!;
        row[fields[field]!] = isUnknown(value) ? unknown(list, key, field as UnknowableField<L>, value) : value;
      }
      for (const [name, fact] of Object.entries(entry)) if (!LOCATION_KEYS.has(name) && !(name in fields)) row[name] = fact;
      return row;
    }) as DocumentRows['lists'][L];
  };

  const rows: DocumentRows = {
    code,
    catalog: {
      codes: catalogCodes(code, entries.relatedCodes),
      modifiers: entries.modifiers.map((r) => ({ code: r.code })),
      diagnoses: entries.diagnoses.map((r) => ({ code: r.code.display, codeDotless: r.code.dotless })),
      taxonomies: entries.taxonomies.map((r) => ({ code: r.code.code })),
      payers: names.payers.map((item) => ({ name: item.value })),
    },
    procedure: {
      code,
      ...(Object.fromEntries([...TEXT_FIELDS, ...PROSE_FIELDS].map((field) => [PROCEDURE_COLUMNS[field], texts[field]])) as Record<
        (typeof PROCEDURE_COLUMNS)[TextField | ProseField],
        string | null
      >),
      statedDescriptorLine: ownRow?.line ?? null,
      markedAddOn: model.markedAddOn || (ownRow?.markedAddOn ?? false),
    },
    names: Object.fromEntries(
      NAMES_FIELDS.map((field) => [
        field,
        names[field].map((item, i) => ({ position: i + 1, [NAMES_TABLES[field].name]: item.value, line: item.line })),
      ]),
    ) as unknown as DocumentRows['names'],
    workflowSteps: WORKFLOW_FIELDS.flatMap((field) => {
      const description = model[field];
      return isUnknown(description) ? [] : [{ phase: RECORD_FIELDS[field].phase, description }];
    }),
    lists: Object.fromEntries(LIST_FIELDS.map((list) => [list, listRows(list)])) as unknown as DocumentRows['lists'],
    unknownValues,
  };
  return { rows, findings };
}
