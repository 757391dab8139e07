/**
 * What provisioning a corpus must make of it, computed from the documents' descriptions, not by
 * running the pipeline: the rows each table holds and the warnings by rule, catalog conflicts
 * resolved the way the catalog rule (src/pipeline/catalog.ts) resolves them.
 */
import { classifyCode } from '../src/domain/codes.js';
import { catalogField, entryFields, LIST_ENTRIES, LIST_FIELDS, STATED_FIELDS, type ListField } from '../src/domain/fields.js';
import { isUnknown } from '../src/domain/unknowns.js';
import type { BuildCounts } from '../src/pipeline/build.js';
import { namedCode } from './codes.js';
import type { DocumentDescription, EntryItem, StatedText, Value } from './description.js';
import type { GeneratedDocument } from './generate.js';
import type { ExpectedWarnings, RenderStyle } from './render.js';

/**
 * The rows provisioning the corpus makes — the counts a build reports: `codes` counts every
 * documented code and every related target, `relationships` excludes documents' own rows and
 * dropped duplicates, `diagnostics` every warning, catalog conflicts included — and its warnings
 * by rule.
 */
export interface ExpectedCounts extends BuildCounts {
  readonly warningsByRule: Readonly<Record<string, number>>;
}

interface Claim {
  readonly key: string;
  readonly value: string;
  readonly path: string;
  readonly own: boolean;
}

function firstOfEach<T>(rows: readonly T[], keyOf: (row: T) => string): T[] {
  const first = new Map<string, T>();
  for (const row of rows) if (!first.has(keyOf(row))) first.set(keyOf(row), row);
  return [...first.values()];
}

const unknowns = (values: readonly Value<unknown>[]): number => values.filter(isUnknown).length;
const repeats = (items: readonly string[] | undefined): number =>
  items ? items.length - new Set(items.map((i) => i.toLowerCase())).size : 0;

/**
 * The catalog rule: per catalog entry, a document's own row wins, then the first path; every
 * other claim with another text is one conflict.
 */
function catalogConflicts(claims: readonly Claim[]): number {
  const byKey = new Map<string, Claim[]>();
  for (const claim of claims) {
    const group = byKey.get(claim.key);
    if (group) group.push(claim);
    else byKey.set(claim.key, [claim]);
  }
  const wins = (a: Claim, b: Claim): boolean => (a.own !== b.own ? a.own : a.path < b.path);
  let conflicts = 0;
  for (const group of byKey.values()) {
    const winner = group.reduce((best, c) => (wins(c, best) ? c : best));
    conflicts += group.filter((c) => c.value !== winner.value).length;
  }
  return conflicts;
}

const items = (list: Value<readonly StatedText[]>): string[] => (isUnknown(list) ? [] : list.map((item) => item.value));

/** The record's values that may be unknown: each is one unknown value when it is. */
const recordValues = (d: DocumentDescription): Value<unknown>[] => STATED_FIELDS.map((field) => d[field]);

/** The code an entry is stored under, which keeps the first of two entries for one code. */
const ENTRY_KEY = {
  modifiers: (entry) => entry.code,
  relatedCodes: (entry) => entry.code,
  diagnoses: (entry) => entry.code.display,
  taxonomies: (entry) => entry.code.code,
} satisfies { [L in ListField]: (entry: EntryItem<L>) => string };
const entryKey = <L extends ListField>(list: L, entry: EntryItem<L>): string => (ENTRY_KEY[list] as (entry: EntryItem<L>) => string)(entry);

/** The entries of a list field: all of them, or the first for each code. */
const entriesOf = <L extends ListField>(d: DocumentDescription, list: L, firstOnly: boolean): EntryItem<L>[] => {
  const value = d[list] as Value<readonly EntryItem<L>[]>;
  if (isUnknown(value)) return [];
  return firstOnly ? firstOfEach(value, (entry) => entryKey(list, entry)) : [...value];
};

/** The values of entries' fields. */
const entryValues = <L extends ListField>(list: L, entries: readonly EntryItem<L>[]): Value<unknown>[] =>
  entries.flatMap((entry) => entryFields(list).map((field) => (entry as unknown as Record<string, Value<unknown>>)[field]!));

/**
 * The warnings reading one document must give, by rule — all but catalog conflicts, which depend on
 * the other documents. In another style than its own, give that style and what rendering in it warns of.
 */
export function documentWarnings(
  { path, description: d, payerFillers, style: ownStyle, styleWarnings: ownWarnings }: GeneratedDocument,
  style: RenderStyle = ownStyle,
  styleWarnings: ExpectedWarnings = ownWarnings,
): ExpectedWarnings {
  const warnings: ExpectedWarnings = {};
  const warn = (rule: string, count = 1): void => {
    if (count > 0) warnings[rule] = (warnings[rule] ?? 0) + count;
  };
  for (const list of LIST_FIELDS) warn('duplicate-row', entriesOf(d, list, false).length - entriesOf(d, list, true).length);
  // A placeholder is reported where it is read, in every row, a duplicate one included.
  const allValues = [...recordValues(d), ...LIST_FIELDS.flatMap((list) => entryValues(list, entriesOf(d, list, false)))];
  warn('placeholder', allValues.filter((v) => isUnknown(v) && v.unknown === 'placeholder').length);
  warn('list-filler', payerFillers);
  for (const [rule, count] of Object.entries(styleWarnings)) warn(rule, count);
  const taxonomies = isUnknown(d.taxonomies) ? [] : firstOfEach(d.taxonomies, (t) => t.code.code);
  warn('nucc-missing-x', taxonomies.filter((t) => t.code.addedTrailingX).length);
  warn('duplicate-item', repeats(items(d.payers)) + repeats(items(d.sitesOfService)));
  if (namedCode(path) !== d.code) warn('title-file-mismatch');
  if (style.titleWord !== 'own' && style.titleWord !== classifyCode(d.code)?.system) warn('title-system-mismatch');
  return warnings;
}

export function expectedCounts(documents: readonly GeneratedDocument[]): ExpectedCounts {
  const codes = new Set<string>();
  const modifiers = new Set<string>();
  const diagnoses = new Set<string>();
  const taxonomies = new Set<string>();
  const payers = new Set<string>();
  const warnings = new Map<string, number>();
  const warn = (rule: string, count = 1): void => {
    if (count > 0) warnings.set(rule, (warnings.get(rule) ?? 0) + count);
  };
  const claims: Claim[] = [];
  let relationships = 0;
  let unknownValues = 0;

  for (const document of documents) {
    const { path, description: d } = document;
    const claim = (catalog: string, code: string, value: Value<string>, own = false): void => {
      if (!isUnknown(value)) claims.push({ key: `${catalog} ${code}`, value, path, own });
    };
    const kept = Object.fromEntries(LIST_FIELDS.map((list) => [list, entriesOf(d, list, true)])) as { [L in ListField]: EntryItem<L>[] };
    const own = kept.relatedCodes.find((r) => r.code === d.code);
    kept.relatedCodes = kept.relatedCodes.filter((r) => r !== own);
    const { modifiers: modifierRows, relatedCodes: targets, diagnoses: diagnosisRows, taxonomies: taxonomyRows } = kept;

    codes.add(d.code);
    for (const r of targets) codes.add(r.code);
    for (const m of modifierRows) modifiers.add(m.code);
    for (const x of diagnosisRows) diagnoses.add(x.code.display);
    for (const t of taxonomyRows) taxonomies.add(t.code.code);
    for (const name of firstOfEach(items(d.payers), (name) => name.toLowerCase())) payers.add(name);
    relationships += targets.length;

    unknownValues +=
      unknowns(recordValues(d)) +
      (own === undefined ? 1 : unknowns([own.descriptor])) +
      LIST_FIELDS.reduce((n, list) => n + unknowns(entryValues(list, kept[list])), 0);

    for (const [rule, count] of Object.entries(documentWarnings(document))) warn(rule, count);
    if (document.style.encoding === 'utf-16le') warn('utf-16');

    if (own) claim('code', d.code, own.descriptor, true);
    for (const list of LIST_FIELDS) {
      const field = catalogField(list);
      for (const entry of kept[list] as EntryItem<ListField>[]) {
        claim(LIST_ENTRIES[list].catalog, entryKey(list, entry), (entry as unknown as Record<string, Value<string>>)[field]!);
      }
    }
  }
  warn('catalog-conflict', catalogConflicts(claims));

  const warningsByRule = Object.fromEntries([...warnings].sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    documents: documents.length,
    // Every generated document loads: none is rejected.
    rejectedDocuments: 0,
    codes: codes.size,
    modifiers: modifiers.size,
    relationships,
    diagnoses: diagnoses.size,
    taxonomies: taxonomies.size,
    payers: payers.size,
    unknownValues,
    diagnostics: Object.values(warningsByRule).reduce((a, b) => a + b, 0),
    warningsByRule,
  };
}
