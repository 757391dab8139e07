/**
 * Describing documents: what each one says, drawn at random — every field (src/domain/fields.ts)
 * known, or unknown for each reason the template can say (the sentinel, a placeholder, a section
 * left out, a value not stated), tables with duplicate and conflicting rows, catalog texts that
 * now and then disagree — and the style it is written in, and what it says besides (a section
 * the template does not have, a row naming a range of codes).
 */
import { classifyCode } from '../src/domain/codes.js';
import {
  KEY_TEXT_FIELDS,
  RECORD_FIELDS,
  STATED_FIELDS,
  WORKFLOW_FIELDS,
  type KeyTextField,
  type SectionName,
  type StatedField,
} from '../src/domain/fields.js';
import { isUnknown, SENTINEL, type Unknown } from '../src/domain/unknowns.js';
import { CATALOG_TEXT, pickDistinct, type Pools } from './codes.js';
import type { DiagnosisItem, DocumentDescription, ModifierItem, RelatedCodeItem, StatedText, TaxonomyItem, Value } from './description.js';
import { PAYER_OPENING, payerListText } from './payer-sentence.js';
import type { Random } from './random.js';
import { SECTION_KEYS, STYLE_CHOICES, type RangeRow, type RenderStyle, type UnknownSection } from './render.js';
import * as words from './vocabulary.js';

const MARKED: Unknown = { unknown: 'sentinel' };
const NOT_STATED: Unknown = { unknown: 'not stated' };
const ABSENT: Unknown = { unknown: 'section absent' };
const PLACEHOLDER: Unknown = { unknown: 'placeholder' };

/** The chances that a value is the sentinel, that it is not stated, and that it is a placeholder. */
type Odds = readonly [sentinel: number, notStated: number, placeholder?: number];
const VALUE_ODDS: Odds = [0.05, 0.04, 0.02];
const SECTION_ABSENT = 0.05;

function maybe<T>(random: Random, [sentinel, notStated, placeholder = 0]: Odds, known: () => T): Value<T> {
  const r = random.next();
  if (r < sentinel) return MARKED;
  if (r < sentinel + notStated) return NOT_STATED;
  if (r < sentinel + notStated + placeholder) return PLACEHOLDER;
  return known();
}

/** A catalog fact as a document states it: mostly the catalog text, sometimes unknown, rarely a conflicting text. */
function catalogValue(random: Random, text: string): Value<string> {
  if (random.chance(0.004)) return words.conflictingText(text);
  return maybe(random, VALUE_ODDS, () => text);
}

/** What a document may say for each text field written as `Key: value`. */
const KEY_TEXT_VALUES = {
  serviceType: (random) => random.pick(words.SERVICE_TYPES),
} satisfies Record<KeyTextField, (random: Random) => string>;

/** The key text fields of a section: each known, or unknown for one of the reasons. */
const keyTexts = (random: Random, section: SectionName): Partial<Record<KeyTextField, Value<string>>> =>
  Object.fromEntries(
    KEY_TEXT_FIELDS.filter((field) => RECORD_FIELDS[field].section === section).map((field) => [
      field,
      maybe(random, VALUE_ODDS, () => KEY_TEXT_VALUES[field](random)),
    ]),
  );

/** Every field of a section the document leaves out, unknown for that reason. */
const absent = (section: SectionName): Partial<Record<StatedField, Unknown>> =>
  Object.fromEntries(
    STATED_FIELDS.filter(
      (field) => RECORD_FIELDS[field].section === section && (RECORD_FIELDS[field] as { source?: string }).source !== 'title line',
    ).map((field) => [field, ABSENT]),
  );

/** Sometimes repeats an item, which the document's reader keeps once with a warning. */
function withRepeat(random: Random, items: string[]): string[] {
  return random.chance(0.03) ? [...items, random.pick(items)] : items;
}

const stated = (items: readonly string[]): StatedText[] => items.map((value) => ({ value }));

function summaryOf(random: Random, code: string): Partial<DocumentDescription> & { payerFillers: number } {
  if (random.chance(SECTION_ABSENT)) return { ...absent('summary'), payerFillers: 0 };
  const r = random.next();
  if (r < 0.04) return { summary: MARKED, payers: random.chance(0.8) ? MARKED : stated(random.sample(words.PAYERS, 2)), payerFillers: 0 };
  if (r < 0.08) return { summary: NOT_STATED, payers: NOT_STATED, payerFillers: 0 };
  if (r < 0.09) return { summary: PLACEHOLDER, payers: PLACEHOLDER, payerFillers: 0 };
  const paragraphs = Array.from({ length: random.int(1, 2) }, () => words.summaryParagraph(random, code));
  const { payers, sentence, fillers, last } = payersOf(random);
  if (sentence !== undefined) {
    // A sentence that introduces list items ends the summary; another goes anywhere in it.
    const i = last ? paragraphs.length - 1 : random.int(0, paragraphs.length - 1);
    paragraphs[i] =
      !last && random.chance(0.5) ? `${sentence} ${paragraphs[i]}` : `${paragraphs[i]}${random.chance(0.5) ? '\n' : ' '}${sentence}`;
  }
  return { summary: paragraphs.join('\n\n'), payers, ...keyTexts(random, 'summary'), payerFillers: fillers };
}

/**
 * The payers of a summary that is there, and the payer sentence that says them: named in it,
 * introduced by it (`… include:`) as list items, or given as a `Payers` field without one; the
 * sentinel in the sentence or, without one, in the paragraph the renderer adds; a
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
  if (r < 0.89)
    return { payers: MARKED, sentence: random.chance(0.5) ? `${PAYER_OPENING} ${SENTINEL}` : undefined, fillers: 0, last: false };
  if (r < 0.91) return { payers: PLACEHOLDER, sentence: undefined, fillers: 0, last: false };
  return { payers: NOT_STATED, sentence: undefined, fillers: 0, last: false };
}

function billingOf(random: Random): Partial<DocumentDescription> {
  if (random.chance(SECTION_ABSENT)) return absent('billing');
  return {
    billingOverview: maybe(random, VALUE_ODDS, () =>
      Array.from({ length: random.int(1, 2) }, () => words.billingParagraph(random)).join('\n\n'),
    ),
    ...keyTexts(random, 'billing'),
    sitesOfService: maybe(random, VALUE_ODDS, () => stated(withRepeat(random, random.sample(words.SITES, random.int(1, 3))))),
  };
}

function clinicalOf(random: Random): Partial<DocumentDescription> {
  if (random.chance(SECTION_ABSENT)) return absent('clinical');
  return {
    clinicalVignette: maybe(random, VALUE_ODDS, () =>
      Array.from({ length: random.int(1, 2) }, () => words.vignetteParagraph(random)).join('\n\n'),
    ),
    ...Object.fromEntries(WORKFLOW_FIELDS.map((field) => [field, maybe(random, VALUE_ODDS, () => words.workflowText(random))])),
    ...keyTexts(random, 'clinical'),
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
export const markedAddOn = (random: Random, code: string): boolean => classifyCode(code)?.category === 'Category I' && random.chance(0.05);

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
        const own = {
          code,
          markedAddOn: false,
          descriptor: catalogValue(random, CATALOG_TEXT.code(code)),
          relationship: 'Primary procedure.',
        };
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

export function describeDocument(random: Random, code: string, pools: Pools): { description: DocumentDescription; payerFillers: number } {
  const { payerFillers, ...summary } = summaryOf(random, code);
  const codingAbsent = random.chance(SECTION_ABSENT);
  const description = {
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
  } as DocumentDescription;
  return { description, payerFillers };
}

/** Now and then a row whose code cell is a range (`11042-11047`, `M17.0-M17.9`), in a related-codes or diagnosis table that is there. */
export function rangeRowsOf(random: Random, description: DocumentDescription, pools: Pools): RangeRow[] {
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

export function randomStyle(random: Random): RenderStyle {
  const choices = Object.fromEntries(
    Object.entries(STYLE_CHOICES).map(([key, options]) => {
      const odds = REPORTED_STYLE_ODDS[key as keyof typeof STYLE_CHOICES];
      return [key, odds === undefined ? random.pick<unknown>(options) : random.chance(odds) ? options[1] : options[0]];
    }),
  );
  return {
    ...(choices as Omit<RenderStyle, 'sectionOrder'>),
    sectionOrder: random.chance(0.25) ? random.shuffle(SECTION_KEYS) : SECTION_KEYS,
  };
}

export function unknownSectionsOf(random: Random): UnknownSection[] {
  if (!random.chance(0.04)) return [];
  const paragraphs = Array.from({ length: random.int(1, 2) }, () => words.unknownContent(random));
  return [{ heading: random.pick(words.UNKNOWN_HEADINGS), paragraphs, position: random.int(0, SECTION_KEYS.length) }];
}
