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
import { SENTINEL, WORKFLOW_PHASES } from '../domain/unknowns.js';
import { createRandom, hashText, type Random } from './random.js';
import {
  isUnknown,
  renderDocument,
  SECTION_KEYS,
  STYLE_CHOICES,
  type DiagnosisItem,
  type DocumentDescription,
  type ModifierItem,
  type RelatedCodeItem,
  type RenderStyle,
  type StatedText,
  type TaxonomyItem,
  type Unknown,
  type UnknownSection,
  type Value,
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
  readonly content: string;
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
  readonly unknownSections: readonly UnknownSection[];
  /** The payers and sites its lines list, as written; undefined when unknown. */
  readonly payerNames: readonly string[] | undefined;
  readonly siteNames: readonly string[] | undefined;
}

export interface Corpus {
  /** In sorted path order, the order provisioning reads them in. */
  readonly files: CorpusFile[];
  readonly documents: GeneratedDocument[];
  readonly expected: ExpectedCounts;
}

const MARKED: Unknown = { unavailable: 'marked unavailable' };
const NOT_STATED: Unknown = { unavailable: 'not stated' };
const ABSENT: Unknown = { unavailable: 'section absent' };

/** The chances that a value is marked unavailable, and that it is not stated. */
type Odds = readonly [marked: number, notStated: number];
const VALUE_ODDS: Odds = [0.05, 0.04];
const SECTION_ABSENT = 0.05;

function maybe<T>(random: Random, [marked, notStated]: Odds, known: () => T): Value<T> {
  const r = random.next();
  if (r < marked) return MARKED;
  if (r < marked + notStated) return NOT_STATED;
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

/** `A`, `A and B`, `A, B, and C` (or without the last comma). */
function listText(random: Random, items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 2) return items.join(` ${conjunction} `);
  if (conjunction === 'or' && random.chance(0.3)) return items.join('; ');
  return `${items.slice(0, -1).join(', ')}${random.chance(0.7) ? ',' : ''} ${conjunction} ${items[items.length - 1]}`;
}

/** Sometimes repeats an item, which the document's reader keeps once with a warning. */
function withRepeat(random: Random, items: string[]): string[] {
  return random.chance(0.03) ? [...items, random.pick(items)] : items;
}

function summaryOf(random: Random, code: string): Pick<DocumentDescription, 'summary' | 'payers'> & { payerNames: string[] | undefined } {
  if (random.chance(SECTION_ABSENT)) return { summary: ABSENT, payers: ABSENT, payerNames: undefined };
  const r = random.next();
  if (r < 0.05) return { summary: MARKED, payers: MARKED, payerNames: undefined };
  if (r < 0.1) return { summary: NOT_STATED, payers: NOT_STATED, payerNames: undefined };
  const paragraphs = Array.from({ length: random.int(1, 2) }, () => words.summaryParagraph(random, code));
  const { payers, sentence, names } = payersOf(random);
  if (sentence !== undefined) {
    const i = random.int(0, paragraphs.length - 1);
    paragraphs[i] = random.chance(0.5) ? `${sentence} ${paragraphs[i]}` : `${paragraphs[i]}${random.chance(0.5) ? '\n' : ' '}${sentence}`;
  }
  return { summary: paragraphs.join('\n\n'), payers, payerNames: names };
}

/**
 * The payers of a summary that is there, and the payer sentence that says them: named; marked
 * unavailable in the sentence or, without one, by the sentinel paragraph the renderer adds; or not stated.
 */
function payersOf(random: Random): { payers: Value<StatedText>; sentence: string | undefined; names: string[] | undefined } {
  const opening = 'Key payers covered in this analysis include';
  const r = random.next();
  if (r < 0.82) {
    const names = withRepeat(random, random.sample(words.PAYERS, random.int(1, 6)));
    const value = listText(random, names, 'and');
    return { payers: { value }, sentence: `${opening} ${value}.`, names };
  }
  if (r < 0.91) return { payers: MARKED, sentence: random.chance(0.5) ? `${opening} ${SENTINEL}` : undefined, names: undefined };
  return { payers: NOT_STATED, sentence: undefined, names: undefined };
}

function billingOf(
  random: Random,
): Pick<DocumentDescription, 'billingOverview' | 'serviceType' | 'sitesOfService'> & { siteNames: string[] | undefined } {
  if (random.chance(SECTION_ABSENT)) return { billingOverview: ABSENT, serviceType: ABSENT, sitesOfService: ABSENT, siteNames: undefined };
  const sites = maybe(random, VALUE_ODDS, () => withRepeat(random, random.sample(words.SITES, random.int(1, 3))));
  return {
    billingOverview: maybe(random, VALUE_ODDS, () => Array.from({ length: random.int(1, 2) }, () => words.billingParagraph(random)).join('\n\n')),
    serviceType: maybe(random, VALUE_ODDS, () => random.pick(words.SERVICE_TYPES)),
    sitesOfService: isUnknown(sites) ? sites : { value: listText(random, sites, 'or') },
    siteNames: isUnknown(sites) ? undefined : sites,
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
    [0.08, 0.06],
    () =>
      random.sample(words.MODIFIERS, random.int(1, 15)).map(([code, description]) => ({
        code,
        description: catalogValue(random, description),
        whenToUse: maybe(random, [0.1, 0.04], () => words.guidanceText(random)),
      })),
    (row) => ({ ...row, whenToUse: DUPLICATE_NOTE }),
  );
}

function relatedCodesOf(random: Random, code: string, pools: Pools): Value<RelatedCodeItem[]> {
  return tableOf(
    random,
    [0.07, 0.03],
    () => {
      const count = random.int(0, 12);
      const documented = pickDistinct(random, pools.documented, Math.round(count * random.next()), code);
      const targets = [...documented, ...pickDistinct(random, pools.external, count - documented.length)];
      const rows = random.shuffle(targets).map((target) => ({
        code: target,
        descriptor: catalogValue(random, CATALOG_TEXT.code(target)),
        relationship: maybe(random, VALUE_ODDS, () => words.relationshipText(random)),
      }));
      if (random.chance(0.85)) {
        const own = { code, descriptor: catalogValue(random, CATALOG_TEXT.code(code)), relationship: 'Primary procedure.' };
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
    [0.2, 0.04],
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
    [0.2, 0.1],
    () =>
      pickDistinct(random, pools.taxonomies, random.int(1, 4)).map((code) => ({
        code: { code, addedTrailingX: random.chance(0.06) },
        specialty: catalogValue(random, CATALOG_TEXT.taxonomy(code)),
        notes: maybe(random, VALUE_ODDS, () => words.notesText(random)),
      })),
    (row) => ({ ...row, notes: DUPLICATE_NOTE }),
  );
}

function describeDocument(random: Random, code: string, pools: Pools) {
  const { payerNames, ...summary } = summaryOf(random, code);
  const { siteNames, ...billing } = billingOf(random);
  const codingAbsent = random.chance(SECTION_ABSENT);
  const description: DocumentDescription = {
    code,
    title: maybe(random, [0.03, 0.03], () => words.titleText(random)),
    ...summary,
    ...billing,
    ...clinicalOf(random),
    modifiers: codingAbsent ? ABSENT : modifiersOf(random),
    taxonomies: codingAbsent ? ABSENT : taxonomiesOf(random, pools),
    diagnoses: random.chance(SECTION_ABSENT) ? ABSENT : diagnosesOf(random, pools),
    relatedCodes: random.chance(SECTION_ABSENT) ? ABSENT : relatedCodesOf(random, code, pools),
  };
  return { description, payerNames, siteNames };
}

function randomStyle(random: Random): RenderStyle {
  const choices = Object.fromEntries(Object.entries(STYLE_CHOICES).map(([key, options]) => [key, random.pick<unknown>(options)]));
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

  for (const { path, description: d, style, unknownSections, payerNames, siteNames } of documents) {
    const kept = <T>(list: Value<readonly T[]>, keyOf: (row: T) => string): T[] => {
      if (isUnknown(list)) return [];
      const rows = firstOfEach(list, keyOf);
      warn('duplicate-row', list.length - rows.length);
      return rows;
    };
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
    for (const name of payerNames ?? []) payers.add(name);
    relationships += targets.length;

    markers +=
      unknowns([d.title, d.summary, d.payers, d.billingOverview, d.serviceType, d.sitesOfService, d.clinicalVignette]) +
      unknowns(WORKFLOW_PHASES.map((phase) => d.workflows[phase])) +
      unknowns([d.modifiers, d.relatedCodes, d.diagnoses, d.taxonomies]) +
      (own === undefined ? 1 : unknowns([own.descriptor])) +
      modifierRows.reduce((n, m) => n + unknowns([m.description, m.whenToUse]), 0) +
      targets.reduce((n, r) => n + unknowns([r.descriptor, r.relationship]), 0) +
      diagnosisRows.reduce((n, x) => n + unknowns([x.description, x.clinicalRelevance]), 0) +
      taxonomyRows.reduce((n, t) => n + unknowns([t.specialty, t.notes]), 0);

    warn('nucc-missing-x', taxonomyRows.filter((t) => t.code.addedTrailingX).length);
    warn('duplicate-item', repeats(payerNames) + repeats(siteNames));
    warn('unknown-heading', unknownSections.length);
    if (namedCode(path) !== d.code) warn('title-file-mismatch');
    if (style.titleWord !== 'own' && style.titleWord !== classifyCode(d.code)?.system) warn('title-system-mismatch');

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
    codes: codes.size,
    modifiers: modifiers.size,
    relationships,
    diagnoses: diagnoses.size,
    taxonomies: taxonomies.size,
    payers: payers.size,
    unavailableMarkers: markers,
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
  const documents: GeneratedDocument[] = documented.map((code) => {
    const { description, payerNames, siteNames } = describeDocument(random, code, pools);
    const named = random.chance(0.01) ? newCode(classifyCode(code)!.category) : code;
    return { path: pathOf(code, named), description, style: randomStyle(random), unknownSections: unknownSectionsOf(random), payerNames, siteNames };
  });
  documents.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files: documents.map((d) => ({ path: d.path, content: renderDocument(d.description, d.style, d.unknownSections) })),
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
