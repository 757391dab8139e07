/**
 * A deterministic corpus of billing code overview documents, for tests and benchmarks: one
 * document per code, of every code form, written in every way the template allows, with what
 * provisioning it must give — the exact row counts and warnings — computed from the documents'
 * descriptions, not by running the pipeline. The same seed gives byte-identical files.
 *
 * Catalog texts (a code's descriptor, a modifier's description, ...) are fixed per code, so two
 * documents disagree about one only where the generator makes them, and it counts each conflict
 * the way the catalog rule (src/pipeline/catalog.ts) resolves it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { classifyCode, type CodeCategory, type Icd10Forms } from '../domain/codes.js';
import type { BuildCounts } from '../pipeline/build.js';
import { isUnknown, SENTINEL, WORKFLOW_PHASES, type Unknown } from '../domain/unknowns.js';
import { createRandom, hashText, type Random } from './random.js';
import {
  encodeDocument,
  renderWithWarnings,
  SECTION_KEYS,
  STYLE_CHOICES,
  type DiagnosisItem,
  type DocumentDescription,
  type ModifierItem,
  type RelatedCodeItem,
  type RenderStyle,
  type StatedText,
  type TaxonomyItem,
  type UnknownSection,
  type Value,
  type DocumentExtras,
  type ExpectedWarnings,
  type RangeRow,
} from './render.js';
import * as words from './vocabulary.js';

export interface CorpusOptions {
  readonly seed: number;
  /** How many documents, one per code; at most MAX_DOCUMENTS. */
  readonly count: number;
}

/** Codes of each form are drawn from the whole format (10,000 of `dddd`F, T and U), which this many documents leave room in. */
export const MAX_DOCUMENTS = 50_000;

export interface CorpusFile {
  /** Relative to the corpus folder, with `/`. */
  readonly path: string;
  /** The file's bytes: UTF-8, or UTF-16 when its style says. */
  readonly content: Buffer;
}

/**
 * The rows provisioning the corpus makes — the counts a build reports: `codes` counts every
 * documented code and every related target, `relationships` excludes documents' own rows and
 * dropped duplicates, `diagnostics` every warning, catalog conflicts included — and its warnings
 * by rule.
 */
export interface ExpectedCounts extends BuildCounts {
  readonly warningsByRule: Readonly<Record<string, number>>;
}

export interface GeneratedDocument {
  readonly path: string;
  readonly description: DocumentDescription;
  readonly style: RenderStyle;
  /** What it says that its description does not hold: unknown sections, rows naming a range of codes. */
  readonly extras: Required<DocumentExtras>;
  /** How many fillers (`to name a few`) its payer sentence ends with: not payers, reported. */
  readonly payerFillers: number;
  /** The warnings what its style writes must draw (an extra column, a zero-width space...), by rule. */
  readonly styleWarnings: ExpectedWarnings;
}

export interface Corpus {
  /** In sorted path order, the order provisioning reads them in. */
  readonly files: CorpusFile[];
  readonly documents: GeneratedDocument[];
  readonly expected: ExpectedCounts;
}

const MARKED: Unknown = { unknown: 'sentinel' };
const NOT_STATED: Unknown = { unknown: 'not stated' };
const ABSENT: Unknown = { unknown: 'section absent' };
const PLACEHOLDER: Unknown = { unknown: 'placeholder' };

/** The chances that a value is marked unavailable, that it is not stated, and that it is a placeholder. */
type Odds = readonly [marked: number, notStated: number, placeholder?: number];
const VALUE_ODDS: Odds = [0.05, 0.04, 0.02];
const SECTION_ABSENT = 0.05;

function maybe<T>(random: Random, [marked, notStated, placeholder = 0]: Odds, known: () => T): Value<T> {
  const r = random.next();
  if (r < marked) return MARKED;
  if (r < marked + notStated) return NOT_STATED;
  if (r < marked + notStated + placeholder) return PLACEHOLDER;
  return known();
}

// ---------------------------------------------------------------------------------------------
// Codes and their catalog texts

const CATEGORY_SHARES: readonly (readonly [CodeCategory, number])[] = [
  ['Category I', 0.6],
  ['Category II', 0.08],
  ['Category III', 0.08],
  ['PLA', 0.08],
  ['Level II', 0.16],
];

const HCPCS_LETTERS = [...'ABCEGHJKLMPQRSTV'];
const digits = (random: Random, count: number): string => String(random.int(0, 10 ** count - 1)).padStart(count, '0');

const CODE_MAKERS: Record<CodeCategory, (random: Random) => string> = {
  'Category I': (r) => digits(r, 5),
  'Category II': (r) => `${digits(r, 4)}F`,
  'Category III': (r) => `${digits(r, 4)}T`,
  PLA: (r) => `${digits(r, 4)}U`,
  'Level II': (r) => `${r.pick(HCPCS_LETTERS)}${digits(r, 4)}`,
};

/** Draws codes never drawn before, of a category chosen by CATEGORY_SHARES unless given. */
function codeSource(random: Random): (category?: CodeCategory) => string {
  const used = new Set<string>();
  const categoryOf = (): CodeCategory => {
    let r = random.next();
    for (const [category, share] of CATEGORY_SHARES) {
      if ((r -= share) < 0) return category;
    }
    return 'Category I';
  };
  return (category = categoryOf()) => {
    for (;;) {
      const code = CODE_MAKERS[category](random);
      if (!used.has(code)) {
        used.add(code);
        return code;
      }
    }
  };
}

/** A text that depends only on `key`: the same in every document and every corpus. */
const fixedText = (key: string, make: (random: Random) => string): string => make(createRandom(hashText(key)));

const CATALOG_TEXT = {
  code: (code: string) => fixedText(`code ${code}`, words.descriptorText),
  diagnosis: (code: string) => fixedText(`diagnosis ${code}`, words.diagnosisText),
  taxonomy: (code: string) => fixedText(`taxonomy ${code}`, words.specialtyText),
};

/** A catalog fact as a document states it: mostly the catalog text, sometimes unknown, rarely a conflicting text. */
function catalogValue(random: Random, text: string): Value<string> {
  if (random.chance(0.004)) return words.conflictingText(text);
  return maybe(random, VALUE_ODDS, () => text);
}

function icd10Pool(random: Random, size: number): Icd10Forms[] {
  const pool = new Map<string, Icd10Forms>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTVWXYZ';
  const characters = '0123456789ABCDEFGHJKLMNPQRSTVWXYZ';
  while (pool.size < size) {
    const category = `${random.pick([...letters])}${random.int(0, 9)}${random.pick([...characters])}`;
    const detail = Array.from({ length: random.int(0, 4) }, () => random.pick([...characters])).join('');
    pool.set(category + detail, { display: detail ? `${category}.${detail}` : category, dotless: category + detail });
  }
  return [...pool.values()];
}

function nuccPool(random: Random, size: number): string[] {
  const pool = new Set<string>();
  const characters = '0123456789ABCDEFGHJKLMNPQRSTVWYZ';
  while (pool.size < size) {
    const middle = Array.from({ length: 5 }, () => random.pick([...characters])).join('');
    // The ninth character is never X, so the code without its trailing X reads back unambiguously.
    pool.add(`${random.int(100, 399)}${middle}${random.int(0, 9)}X`);
  }
  return [...pool];
}

/** Up to `count` distinct items of a large pool, without shuffling all of it. */
function pickDistinct<T>(random: Random, pool: readonly T[], count: number, except?: T): T[] {
  const picked = new Set<T>();
  for (let attempt = 0; picked.size < count && attempt < count * 20; attempt++) {
    const item = random.pick(pool);
    if (item !== except) picked.add(item);
  }
  return [...picked];
}

// ---------------------------------------------------------------------------------------------
// One document

interface Pools {
  readonly documented: readonly string[];
  readonly external: readonly string[];
  readonly diagnoses: readonly Icd10Forms[];
  readonly taxonomies: readonly string[];
}

/** Sometimes repeats an item, which the document's reader keeps once with a warning. */
function withRepeat(random: Random, items: string[]): string[] {
  return random.chance(0.03) ? [...items, random.pick(items)] : items;
}

const FILLERS = [', to name a few', ', etc.', ', among others', ' etc.'];

/**
 * A payer list as a sentence writes it: `A`, `A and B`, `A, B, and C` (or without the last comma),
 * `A; B; C`; now and then ending in a filler that names no payer.
 */
function payerListText(random: Random, names: readonly string[]): { text: string; fillers: number } {
  const last = names[names.length - 1]!;
  const text =
    names.length === 1
      ? last
      : names.length > 2 && random.chance(0.2)
        ? names.join('; ')
        : `${names.slice(0, -1).join(', ')}${names.length > 2 && random.chance(0.7) ? ',' : ''} and ${last}`;
  if (!random.chance(0.08)) return { text, fillers: 0 };
  return { text: `${text}${random.pick(FILLERS)}`, fillers: 1 };
}

const stated = (items: readonly string[]): StatedText[] => items.map((value) => ({ value }));

function summaryOf(random: Random, code: string): Pick<DocumentDescription, 'summary' | 'payers'> & { payerFillers: number } {
  if (random.chance(SECTION_ABSENT)) return { summary: ABSENT, payers: ABSENT, payerFillers: 0 };
  const r = random.next();
  if (r < 0.04) return { summary: MARKED, payers: random.chance(0.8) ? MARKED : stated(random.sample(words.PAYERS, 2)), payerFillers: 0 };
  if (r < 0.08) return { summary: NOT_STATED, payers: NOT_STATED, payerFillers: 0 };
  if (r < 0.09) return { summary: PLACEHOLDER, payers: PLACEHOLDER, payerFillers: 0 };
  const paragraphs = Array.from({ length: random.int(1, 2) }, () => words.summaryParagraph(random, code));
  const { payers, sentence, fillers, last } = payersOf(random);
  if (sentence !== undefined) {
    // A sentence that introduces list items ends the summary; another goes anywhere in it.
    const i = last ? paragraphs.length - 1 : random.int(0, paragraphs.length - 1);
    paragraphs[i] = !last && random.chance(0.5) ? `${sentence} ${paragraphs[i]}` : `${paragraphs[i]}${random.chance(0.5) ? '\n' : ' '}${sentence}`;
  }
  return { summary: paragraphs.join('\n\n'), payers, payerFillers: fillers };
}

const PAYER_OPENING = 'Key payers covered in this analysis include';

/**
 * The payers of a summary that is there, and the payer sentence that says them: named in it,
 * introduced by it (`… include:`) as list items, or given as a `Payers` field without one; marked
 * unavailable in the sentence or, without one, by the sentinel paragraph the renderer adds; a
 * placeholder field; or not stated.
 */
function payersOf(random: Random): { payers: Value<StatedText[]>; sentence: string | undefined; fillers: number; last: boolean } {
  const r = random.next();
  if (r < 0.82) {
    const names = withRepeat(random, random.sample(words.PAYERS, random.int(1, 6)));
    const form = random.next();
    if (form < 0.1) return { payers: stated(names), sentence: `${PAYER_OPENING}:`, fillers: 0, last: true };
    if (form < 0.2) return { payers: stated(names), sentence: undefined, fillers: 0, last: false };
    const { text, fillers } = payerListText(random, names);
    return { payers: stated(names), sentence: `${PAYER_OPENING} ${text}${text.endsWith('.') ? '' : '.'}`, fillers, last: false };
  }
  if (r < 0.89) return { payers: MARKED, sentence: random.chance(0.5) ? `${PAYER_OPENING} ${SENTINEL}` : undefined, fillers: 0, last: false };
  if (r < 0.91) return { payers: PLACEHOLDER, sentence: undefined, fillers: 0, last: false };
  return { payers: NOT_STATED, sentence: undefined, fillers: 0, last: false };
}

function billingOf(random: Random): Pick<DocumentDescription, 'billingOverview' | 'serviceType' | 'sitesOfService'> {
  if (random.chance(SECTION_ABSENT)) return { billingOverview: ABSENT, serviceType: ABSENT, sitesOfService: ABSENT };
  return {
    billingOverview: maybe(random, VALUE_ODDS, () => Array.from({ length: random.int(1, 2) }, () => words.billingParagraph(random)).join('\n\n')),
    serviceType: maybe(random, VALUE_ODDS, () => random.pick(words.SERVICE_TYPES)),
    sitesOfService: maybe(random, VALUE_ODDS, () => stated(withRepeat(random, random.sample(words.SITES, random.int(1, 3))))),
  };
}

function clinicalOf(random: Random): Pick<DocumentDescription, 'clinicalVignette' | 'workflows'> {
  if (random.chance(SECTION_ABSENT)) {
    return { clinicalVignette: ABSENT, workflows: { preoperative: ABSENT, intraoperative: ABSENT, postoperative: ABSENT } };
  }
  return {
    clinicalVignette: maybe(random, VALUE_ODDS, () => Array.from({ length: random.int(1, 2) }, () => words.vignetteParagraph(random)).join('\n\n')),
    workflows: {
      preoperative: maybe(random, VALUE_ODDS, () => words.workflowText(random)),
      intraoperative: maybe(random, VALUE_ODDS, () => words.workflowText(random)),
      postoperative: maybe(random, VALUE_ODDS, () => words.workflowText(random)),
    },
  };
}

const DUPLICATE_NOTE = 'Duplicate entry removed in final use; see above.';

/**
 * A table's rows: known (sometimes none), all sentinels, or left out; with, now and then, an exact
 * copy of a row or a row for the same code that says something else, later in the table.
 */
function tableOf<T>(random: Random, odds: Odds, rows: () => T[], conflicting: (row: T) => T): Value<T[]> {
  return maybe(random, odds, () => {
    const made = random.chance(0.06) ? [] : rows();
    for (const [chance, copy] of [
      [0.06, (row: T) => row],
      [0.04, conflicting],
    ] as const) {
      if (made.length === 0 || !random.chance(chance)) continue;
      const from = random.int(0, made.length - 1);
      made.splice(random.int(from + 1, made.length), 0, copy(made[from]!));
    }
    return made;
  });
}

function modifiersOf(random: Random): Value<ModifierItem[]> {
  return tableOf(
    random,
    [0.08, 0.06, 0.01],
    () =>
      random.sample(words.MODIFIERS, random.int(1, 15)).map(([code, description]) => ({
        code,
        description: catalogValue(random, description),
        whenToUse: maybe(random, [0.1, 0.04, 0.02], () => words.guidanceText(random)),
      })),
    (row) => ({ ...row, whenToUse: DUPLICATE_NOTE }),
  );
}

/** Category I codes are the ones written with the add-on mark, `+69990`, now and then. */
const markedAddOn = (random: Random, code: string): boolean => classifyCode(code)?.category === 'Category I' && random.chance(0.05);

function relatedCodesOf(random: Random, code: string, pools: Pools): Value<RelatedCodeItem[]> {
  return tableOf(
    random,
    [0.07, 0.03, 0.01],
    () => {
      const count = random.int(0, 12);
      const documented = pickDistinct(random, pools.documented, Math.round(count * random.next()), code);
      const targets = [...documented, ...pickDistinct(random, pools.external, count - documented.length)];
      const rows: RelatedCodeItem[] = random.shuffle(targets).map((target) => ({
        code: target,
        markedAddOn: markedAddOn(random, target),
        descriptor: catalogValue(random, CATALOG_TEXT.code(target)),
        relationship: maybe(random, VALUE_ODDS, () => words.relationshipText(random)),
      }));
      // Two codes that say the same, which some documents write in one cell.
      if (rows.length > 1 && random.chance(0.08)) {
        const i = random.int(0, rows.length - 2);
        rows[i + 1] = { ...rows[i + 1]!, markedAddOn: false, descriptor: rows[i]!.descriptor, relationship: rows[i]!.relationship };
      }
      if (random.chance(0.85)) {
        const own = { code, markedAddOn: false, descriptor: catalogValue(random, CATALOG_TEXT.code(code)), relationship: 'Primary procedure.' };
        rows.splice(random.chance(0.8) ? 0 : random.int(0, rows.length), 0, own);
      }
      return rows;
    },
    (row) => ({ ...row, relationship: DUPLICATE_NOTE }),
  );
}

function diagnosesOf(random: Random, pools: Pools): Value<DiagnosisItem[]> {
  return tableOf(
    random,
    [0.2, 0.04, 0.01],
    () =>
      pickDistinct(random, pools.diagnoses, random.int(1, 8)).map((forms) => ({
        code: forms,
        description: catalogValue(random, CATALOG_TEXT.diagnosis(forms.display)),
        clinicalRelevance: maybe(random, VALUE_ODDS, () => words.relevanceText(random)),
      })),
    (row) => ({ ...row, clinicalRelevance: DUPLICATE_NOTE }),
  );
}

function taxonomiesOf(random: Random, pools: Pools): Value<TaxonomyItem[]> {
  return tableOf(
    random,
    [0.2, 0.1, 0.01],
    () =>
      pickDistinct(random, pools.taxonomies, random.int(1, 4)).map((code) => ({
        code: { code, addedTrailingX: random.chance(0.06) },
        specialty: catalogValue(random, CATALOG_TEXT.taxonomy(code)),
        notes: maybe(random, VALUE_ODDS, () => words.notesText(random)),
      })),
    (row) => ({ ...row, notes: DUPLICATE_NOTE }),
  );
}

function describeDocument(random: Random, code: string, pools: Pools): { description: DocumentDescription; payerFillers: number } {
  const { payerFillers, ...summary } = summaryOf(random, code);
  const codingAbsent = random.chance(SECTION_ABSENT);
  const description: DocumentDescription = {
    code,
    markedAddOn: markedAddOn(random, code),
    title: maybe(random, [0.03, 0.03, 0.01], () => words.titleText(random)),
    ...summary,
    ...billingOf(random),
    ...clinicalOf(random),
    modifiers: codingAbsent ? ABSENT : modifiersOf(random),
    taxonomies: codingAbsent ? ABSENT : taxonomiesOf(random, pools),
    diagnoses: random.chance(SECTION_ABSENT) ? ABSENT : diagnosesOf(random, pools),
    relatedCodes: random.chance(SECTION_ABSENT) ? ABSENT : relatedCodesOf(random, code, pools),
  };
  return { description, payerFillers };
}

/** Now and then a row whose code cell is a range (`11042-11047`, `M17.0-M17.9`), in a related-codes or diagnosis table that is there. */
function rangeRowsOf(random: Random, description: DocumentDescription, pools: Pools): RangeRow[] {
  const rows: RangeRow[] = [];
  if (!isUnknown(description.relatedCodes) && random.chance(0.03)) {
    const from = random.int(10000, 99000);
    rows.push({
      kind: 'relatedCodes',
      range: `${from}${random.pick(['-', '–', ' to '])}${from + random.int(1, 9)}`,
      cells: [words.descriptorText(random), words.relationshipText(random)],
      position: random.int(0, description.relatedCodes.length),
    });
  }
  if (!isUnknown(description.diagnoses) && random.chance(0.03)) {
    const category = random.pick(pools.diagnoses).dotless.slice(0, 3);
    rows.push({
      kind: 'diagnoses',
      range: `${category}.0${random.pick(['-', '–'])}${category}.9`,
      cells: [words.diagnosisText(random), words.relevanceText(random)],
      position: random.int(0, description.diagnoses.length),
    });
  }
  return rows;
}

/**
 * Styles that write something the reader must report (a column it does not know, a zero-width
 * space, a UTF-16 file) are rarer than those it reads as they are: the chance of each that the
 * document has it. Every other choice is drawn evenly.
 */
const REPORTED_STYLE_ODDS: Partial<Record<keyof typeof STYLE_CHOICES, number>> = { encoding: 0.1, extraColumn: 0.1, zeroWidth: 0.05 };

function randomStyle(random: Random): RenderStyle {
  const choices = Object.fromEntries(
    Object.entries(STYLE_CHOICES).map(([key, options]) => {
      const odds = REPORTED_STYLE_ODDS[key as keyof typeof STYLE_CHOICES];
      return [key, odds === undefined ? random.pick<unknown>(options) : random.chance(odds) ? options[1] : options[0]];
    }),
  );
  return { ...(choices as Omit<RenderStyle, 'sectionOrder'>), sectionOrder: random.chance(0.25) ? random.shuffle(SECTION_KEYS) : SECTION_KEYS };
}

function unknownSectionsOf(random: Random): UnknownSection[] {
  if (!random.chance(0.04)) return [];
  const paragraphs = Array.from({ length: random.int(1, 2) }, () => words.unknownContent(random));
  return [{ heading: random.pick(words.UNKNOWN_HEADINGS), paragraphs, position: random.int(0, SECTION_KEYS.length) }];
}

const FOLDERS: Record<CodeCategory, (code: string) => string> = {
  'Category I': (code) => `cpt/category-i/${code[0]}xxxx`,
  'Category II': () => 'cpt/category-ii',
  'Category III': () => 'cpt/category-iii',
  PLA: () => 'cpt/pla',
  'Level II': () => 'hcpcs',
};

/** `cpt/category-i/2xxxx/cpt-20956.txt`: named after its code, or, rarely, after another one. */
function pathOf(code: string, named: string): string {
  const { system, category } = classifyCode(code)!;
  return `${FOLDERS[category](code)}/${system.toLowerCase()}-${named}.txt`;
}

const namedCode = (path: string): string => basename(path, '.txt').split('-')[1]!;

// ---------------------------------------------------------------------------------------------
// What provisioning must make of it

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
const repeats = (items: readonly string[] | undefined): number => (items ? items.length - new Set(items.map((i) => i.toLowerCase())).size : 0);

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

/** The record's values that may be unknown, each one marker when it is. */
const recordValues = (d: DocumentDescription): Value<unknown>[] => [
  d.title,
  d.summary,
  d.payers,
  d.billingOverview,
  d.serviceType,
  d.sitesOfService,
  d.clinicalVignette,
  ...WORKFLOW_PHASES.map((phase) => d.workflows[phase]),
  d.modifiers,
  d.relatedCodes,
  d.diagnoses,
  d.taxonomies,
];

const rowValues = (list: Value<readonly object[]>, fields: readonly string[]): Value<unknown>[] =>
  isUnknown(list) ? [] : list.flatMap((row) => fields.map((f) => (row as Record<string, Value<unknown>>)[f]!));

const duplicates = <T>(list: Value<readonly T[]>, keyOf: (row: T) => string): number => (isUnknown(list) ? 0 : list.length - firstOfEach(list, keyOf).length);

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
  warn('duplicate-row', duplicates(d.modifiers, (m) => m.code));
  warn('duplicate-row', duplicates(d.relatedCodes, (r) => r.code));
  warn('duplicate-row', duplicates(d.diagnoses, (x) => x.code.display));
  warn('duplicate-row', duplicates(d.taxonomies, (t) => t.code.code));
  // A placeholder is reported where it is read, in every row, a duplicate one included.
  const allValues = [
    ...recordValues(d),
    ...rowValues(d.modifiers, ['description', 'whenToUse']),
    ...rowValues(d.relatedCodes, ['descriptor', 'relationship']),
    ...rowValues(d.diagnoses, ['description', 'clinicalRelevance']),
    ...rowValues(d.taxonomies, ['specialty', 'notes']),
  ];
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

function expectedCounts(documents: readonly GeneratedDocument[]): ExpectedCounts {
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
  let markers = 0;

  for (const document of documents) {
    const { path, description: d } = document;
    const kept = <T>(list: Value<readonly T[]>, keyOf: (row: T) => string): T[] => (isUnknown(list) ? [] : firstOfEach(list, keyOf));
    const claim = (catalog: string, code: string, value: Value<string>, own = false): void => {
      if (!isUnknown(value)) claims.push({ key: `${catalog} ${code}`, value, path, own });
    };
    const modifierRows = kept(d.modifiers, (m) => m.code);
    const relatedRows = kept(d.relatedCodes, (r) => r.code);
    const diagnosisRows = kept(d.diagnoses, (x) => x.code.display);
    const taxonomyRows = kept(d.taxonomies, (t) => t.code.code);
    const own = relatedRows.find((r) => r.code === d.code);
    const targets = relatedRows.filter((r) => r !== own);

    codes.add(d.code);
    for (const r of targets) codes.add(r.code);
    for (const m of modifierRows) modifiers.add(m.code);
    for (const x of diagnosisRows) diagnoses.add(x.code.display);
    for (const t of taxonomyRows) taxonomies.add(t.code.code);
    for (const name of firstOfEach(items(d.payers), (name) => name.toLowerCase())) payers.add(name);
    relationships += targets.length;

    markers +=
      unknowns(recordValues(d)) +
      (own === undefined ? 1 : unknowns([own.descriptor])) +
      modifierRows.reduce((n, m) => n + unknowns([m.description, m.whenToUse]), 0) +
      targets.reduce((n, r) => n + unknowns([r.descriptor, r.relationship]), 0) +
      diagnosisRows.reduce((n, x) => n + unknowns([x.description, x.clinicalRelevance]), 0) +
      taxonomyRows.reduce((n, t) => n + unknowns([t.specialty, t.notes]), 0);

    for (const [rule, count] of Object.entries(documentWarnings(document))) warn(rule, count);
    if (document.style.encoding === 'utf-16le') warn('utf-16');

    if (own) claim('code', d.code, own.descriptor, true);
    for (const r of targets) claim('code', r.code, r.descriptor);
    for (const m of modifierRows) claim('modifier', m.code, m.description);
    for (const x of diagnosisRows) claim('diagnosis', x.code.display, x.description);
    for (const t of taxonomyRows) claim('taxonomy', t.code.code, t.specialty);
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
    unknownValues: markers,
    diagnostics: Object.values(warningsByRule).reduce((a, b) => a + b, 0),
    warningsByRule,
  };
}

// ---------------------------------------------------------------------------------------------
// The corpus

export function generateCorpus({ seed, count }: CorpusOptions): Corpus {
  if (!Number.isInteger(count) || count < 1 || count > MAX_DOCUMENTS) {
    throw new RangeError(`a corpus has 1 to ${MAX_DOCUMENTS} documents, not ${count}`);
  }
  const random = createRandom(seed);
  const newCode = codeSource(random);
  const documented = Array.from({ length: count }, () => newCode());
  const pools: Pools = {
    documented,
    external: Array.from({ length: Math.ceil(count / 3) + 20 }, () => newCode()),
    diagnoses: icd10Pool(random, Math.min(600, 40 + Math.ceil(count / 8))),
    taxonomies: nuccPool(random, 80),
  };
  const rendered = documented.map((code) => {
    const { description, payerFillers } = describeDocument(random, code, pools);
    const named = random.chance(0.01) ? newCode(classifyCode(code)!.category) : code;
    const extras = { unknownSections: unknownSectionsOf(random), rangeRows: rangeRowsOf(random, description, pools) };
    const style = randomStyle(random);
    const { text, warnings } = renderWithWarnings(description, style, extras);
    const document: GeneratedDocument = { path: pathOf(code, named), description, style, extras, payerFillers, styleWarnings: warnings };
    return { document, content: encodeDocument(text, style) };
  });
  rendered.sort((a, b) => (a.document.path < b.document.path ? -1 : a.document.path > b.document.path ? 1 : 0));
  const documents = rendered.map((r) => r.document);
  return {
    files: rendered.map((r) => ({ path: r.document.path, content: r.content })),
    documents,
    expected: expectedCounts(documents),
  };
}

/** Writes the corpus of `options` under `dir` (created when missing); returns what provisioning it must give. */
export function writeCorpus(dir: string, options: CorpusOptions): ExpectedCounts {
  const { files, expected } = generateCorpus(options);
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return expected;
}
