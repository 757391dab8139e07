/**
 * Lists: bullet and numbered list items, and the lists written inside prose — the payer sentence
 * (`Key payers covered in this analysis include A, B, and C.`), a site-of-service line
 * (`Office (POS 11, or 22 when hospital-based) or ASC`) and the workflow sentences
 * (`Preoperative workflow includes …`, `Pre-service: …`).
 */
import type { WorkflowPhase } from '../../domain/fields.js';
import { WORKFLOW_PHASES } from '../../domain/fields.js';
import { PHASE_STEMS } from './headings.js';
import { singleSpaced } from './lines.js';

const LIST_ITEM = /^(?:[-*+•▪◦‣\u2013]|\d{1,2}[.)])\s+(.*\S)/;

/** The text of a bullet or numbered list item (`- A`, `* A`, `1. A`), or undefined for another line. */
export function listItem(text: string): string | undefined {
  return LIST_ITEM.exec(text)?.[1];
}

/** What payers are called: `payers`, `insurers`, `health plans`, `carriers`. */
const PAYER_NOUN = String.raw`(?:payers|insurers|health\s+plans|carriers)`;
/** What a document says it does with them: `covered in this analysis`, `addressed by the report`. */
const PAYER_SCOPE =
  String.raw`(?:covered|included|addressed|reviewed|analy[sz]ed|considered|discussed)` +
  String.raw`(?:\s+(?:in|by)\s+(?:this|the)\s+(?:analysis|overview|report|summary|document|review|publication))?`;
/** What opens the list after the payers: `include`, `are`, a colon. */
const LIST_OPENS = String.raw`\s*(?:\b(?:include|includes|are)\b\s*:?|:)`;

/**
 * The words that open the payer sentence's list. The list is the payers the document covers, so the
 * opening says so: a qualifier (`Key payers`, `the following payers`) or a scope (`payers covered
 * in this analysis`) before `include`, `are` or a colon, or `payers include`, `payers:`
 * — never a bare `payers are`, which starts sentences about payers (`Payers are increasingly…`).
 */
const PAYER_OPENING = new RegExp(
  String.raw`\b(?:` +
    String.raw`(?:key|major|main|primary|principal|following|these)\s+(?:[a-z-]+\s+)?${PAYER_NOUN}(?:\s+${PAYER_SCOPE})?${LIST_OPENS}` +
    String.raw`|(?:covered\s+${PAYER_NOUN}|${PAYER_NOUN}\s+${PAYER_SCOPE})${LIST_OPENS}` +
    String.raw`|${PAYER_NOUN}\s*(?:\b(?:include|includes)\b\s*:?|:)` +
    String.raw`)\s*`,
  'i',
);

/** Abbreviations whose period never ends a sentence: they stand before a name. */
const PREFIX_ABBREVIATIONS = new Set(['u.s', 'st', 'dr', 'mt', 'ft', 'no', 'e.g', 'i.e', 'vs', 'a.k.a']);

/** `Inc.` after a comma is part of the name before it: `Acme Health, Inc.` */
const NAME_SUFFIX = /^(?:inc|co|corp|ltd|llc|l\.l\.c|llp|plc|p\.c|n\.a)\.?$/i;

/**
 * Where the sentence that starts at `from` ends: at a period followed by a capitalised word or
 * the end of the text. A period after `Co`, `Inc` or `L.L.C` followed by `and …` or `, …` does not
 * end it, nor one inside a name like `U.S. Family Health Plan`; one that ends both a name
 * (`Acme Health Co.`) and the sentence stays with the name.
 */
function sentenceEnd(text: string, from: number): number {
  for (let i = text.indexOf('.', from); i !== -1; i = text.indexOf('.', i + 1)) {
    const after = text.slice(i + 1);
    if (after.trim() !== '' && !/^\s+["'(]?[A-Z0-9]/.test(after)) continue;
    const word = /([A-Za-z.]+)$/.exec(text.slice(from, i))?.[1] ?? '';
    if (after.trim() !== '' && PREFIX_ABBREVIATIONS.has(word.toLowerCase())) continue;
    return NAME_SUFFIX.test(word) ? i + 1 : i;
  }
  return text.length;
}

/**
 * The list part of the payer sentence (`Aetna, Cigna, and Medicare`) and where it starts in the
 * paragraph; an empty list when the sentence ends in a colon (`… include:`), for the list items
 * that follow it.
 */
export function findPayerList(paragraph: string): { list: string; index: number } | undefined {
  // Every opening names payers; most paragraphs do not, and are told apart by one quick search.
  if (!/payers|insurers|health plans|carriers/i.test(paragraph)) return undefined;
  const match = PAYER_OPENING.exec(paragraph);
  if (!match) return undefined;
  const index = match.index + match[0].length;
  const list = paragraph.slice(index, sentenceEnd(paragraph, index)).trim();
  return { list: /^(?:the following|these)\s*:?$/i.test(list) ? '' : list, index };
}

/** Text after a list that is not one of its items: `…, and Medicaid, to name a few.` */
const FILLERS = new Set([
  'etc',
  'etc.',
  'to name a few',
  'among others',
  'among many others',
  'and others',
  'and many others',
  'and more',
  'others',
  'and other payers',
  'and other plans',
  'and other regional plans',
  'and similar plans',
  'and so on',
]);
const TRAILING_ETC = /,?\s+etc\.?$/i;

/** Words that introduce examples at the start of an item: `e.g.`, `i.e.`, `such as`, `including`. */
const INTRODUCER = /^(?:e\.\s?g\.?|i\.\s?e\.?|such as|including|for example|namely)(?:[\s,:]+|$)/i;

/** A word whose period is its own, never the list's: a company suffix or an abbreviation in a name (`Assn.`, `Dept.`). */
const ABBREVIATION =
  /^(?:(?:inc|co|corp|ltd|llc|l\.l\.c|llp|plc|p\.c|n\.a|assn|assoc|dept|natl|intl|svcs|ins|grp|bros|mfg|univ|ctr|hosp)\.?)$/i;

/** `and` or `or` right after a comma: part of the separator. */
const CONJUNCTION = /\s*(?:and|or|as well as)\s+/iy;

export interface ListItem {
  readonly text: string;
  /** Where the item starts in the list text. */
  readonly offset: number;
}

/**
 * The items of a list written in prose: split at commas and semicolons (`, and` and `, or`
 * included) and at ` or ` — for payers at ` and ` too — never inside parentheses. Fillers that end
 * the list (`etc.`, `to name a few`) are not items: they are returned apart, to be reported.
 */
export function splitList(text: string, kind: 'payers' | 'sites'): { items: ListItem[]; fillers: string[] } {
  const words = kind === 'payers' ? /\s+(?:and|or|as well as)\s+/iy : /\s+(?:or|as well as)\s+/iy;
  const pieces: ListItem[] = [];
  let depth = 0;
  let start = 0;
  const cut = (end: number, next: number): void => {
    pieces.push({ text: text.slice(start, end), offset: start });
    start = next;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth > 0) continue;
    else if (c === ',' || c === ';') {
      CONJUNCTION.lastIndex = i + 1;
      const conjunction = CONJUNCTION.exec(text);
      cut(i, i + 1 + (conjunction?.[0].length ?? 0));
    } else if (c === ' ' || c === '\n') {
      words.lastIndex = i;
      const word = words.exec(text);
      if (word) {
        cut(i, i + word[0].length);
        i += word[0].length - 1;
      }
    }
  }
  cut(text.length, text.length);

  const items: ListItem[] = [];
  const fillers: string[] = [];
  for (const piece of pieces) {
    const spaced = singleSpaced(piece.text).trim();
    // `…, e.g., hospital outpatient or ASC`: the words that introduce examples are not part of one.
    const introducer = INTRODUCER.exec(spaced);
    // `include the Centers for Medicare & Medicaid Services`: the article belongs to the sentence, not the name.
    const unintroduced = introducer === null ? spaced : spaced.slice(introducer[0].length);
    const written = unintroduced.startsWith('the ') ? unintroduced.slice(4) : unintroduced;
    if (introducer !== null) fillers.push(introducer[0].replace(/[\s,:]+$/, ''));
    if (written === '') continue;
    const lower = written.toLowerCase();
    if (FILLERS.has(lower.endsWith('.') ? lower.slice(0, -1) : lower) || FILLERS.has(lower)) {
      fillers.push(written);
      continue;
    }
    const etc = lower.endsWith('etc') || lower.endsWith('etc.') ? TRAILING_ETC.exec(written) : null;
    if (etc) fillers.push(etc[0].replace(/^,?\s+/, ''));
    const item = etc ? written.slice(0, etc.index) : written;
    const previous = items[items.length - 1];
    if (previous !== undefined && NAME_SUFFIX.test(item)) {
      items[items.length - 1] = { text: `${previous.text}, ${item}`, offset: previous.offset };
    } else {
      const offset = piece.offset + (piece.text.length - piece.text.trimStart().length) + (introducer?.[0].length ?? 0);
      items.push({
        text: ABBREVIATION.test(item.slice(item.lastIndexOf(' ') + 1)) || !item.endsWith('.') ? item : item.slice(0, -1),
        offset,
      });
    }
  }
  return { items, fillers };
}

const PHASE_MARKER = new RegExp(
  String.raw`\b(pre|intra|post)[- ]?(?:${PHASE_STEMS})(?:\s+(?:workflows?|phase|steps?))?` +
    String.raw`(?:\s+(?:includes?|involves?|consists\s+of|comprises?)\b\s*:?|\s*:)\s*`,
  'gi',
);

/**
 * Splits a paragraph at its workflow sentences (`Preoperative workflow includes …`,
 * `Pre-service: …`): the text before the first one (part of the clinical vignette) and what each
 * sentence says its phase includes, as written, in order.
 */
export function splitWorkflows(paragraph: string): {
  before: string;
  phases: { phase: WorkflowPhase; text: string; index: number }[];
} {
  const keyed = [...paragraph.matchAll(PHASE_MARKER)].map((m) => ({ index: m.index, prefix: m[1]!, textFrom: m.index + m[0].length }));
  const timed = /\b(?:before|during|after) /i.test(paragraph) ? timeSentences(paragraph) : [];
  const markers = timed.length > 0 ? [...keyed, ...timed].sort((a, b) => a.index - b.index) : keyed;
  const first = markers[0];
  if (first === undefined) return { before: paragraph, phases: [] };
  // Pushed, not mapped: the caller meets these in every document, and an optimized map's array is of another kind.
  const phases: { phase: WorkflowPhase; text: string; index: number }[] = [];
  markers.forEach((marker, i) =>
    phases.push({
      phase: WORKFLOW_PHASES.find((p) => p.startsWith(marker.prefix.toLowerCase()))!,
      text: paragraph.slice(marker.textFrom, markers[i + 1]?.index ?? paragraph.length).trim(),
      index: marker.index,
    }),
  );
  return { before: paragraph.slice(0, first.index).trim(), phases };
}

/** `Before the visit, …`, `During the procedure, …`: a sentence that opens with when it happens. */
const TIME_SENTENCE = new RegExp(String.raw`(?:^|(?<=[.!?]\s+))(before|during|after) (?:the |each |a )?(?:${PHASE_STEMS}),`, 'gi');
const TIME_PREFIX = { before: 'pre', during: 'intra', after: 'post' } as const;

/**
 * The sentences of a paragraph that say when they happen, as phases — the sentence is the phase's
 * text, its opening kept. Only in a paragraph with two or more such sentences for different phases:
 * one `After the procedure, …` is a vignette's sentence.
 */
function timeSentences(paragraph: string): { index: number; prefix: string; textFrom: number }[] {
  const found = [...paragraph.matchAll(TIME_SENTENCE)].map((m) => ({
    index: m.index,
    prefix: TIME_PREFIX[m[1]!.toLowerCase() as keyof typeof TIME_PREFIX],
    textFrom: m.index,
  }));
  return new Set(found.map((f) => f.prefix)).size >= 2 ? found : [];
}
