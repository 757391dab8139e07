/**
 * Renders a document description as the template's text, written in one of the many ways
 * generators write it (a RenderStyle): Markdown headings, emphasis and code spans, bullet lists,
 * header synonyms, the code column anywhere, placeholders, the add-on mark, invisible characters,
 * UTF-16. A description is what a document says: a `DocumentModel` is one, and so is what the
 * corpus generator makes. Parsing and validating the rendered text gives the description back,
 * apart from line numbers and source text; how a value is left unknown is written so that it
 * reads back with the same reason. What a style writes that is not stored (an extra column, a
 * zero-width space, a cell naming two codes) the renderer counts, as the warnings it must draw.
 *
 * A description's texts must be ones the template can carry: no line breaks in a cell, a title or
 * a `Key: value` line, no pipes outside tables, no Markdown, headings, colons or template
 * sentences (payers, workflows) inside prose except where they belong. What no text could say
 * (a section absent for one of its values but not another, say) throws.
 */
import { classifyCode, type Icd10Forms } from '../src/domain/codes.js';
import {
  KEY_TEXT_FIELDS,
  keyedField,
  RECORD_FIELDS,
  STATED_FIELDS,
  WORKFLOW_FIELD,
  WORKFLOW_PHASES,
  type KeyField,
  type ListField,
  type SectionName,
  type WorkflowPhase,
} from '../src/domain/fields.js';
import { isUnknown, SENTINEL, type UnknownReason } from '../src/domain/unknowns.js';
import type { DocumentDescription, RelatedCodeItem, Value } from './description.js';
import { payerSentenceOf, sentenceNames } from './payer-sentence.js';

const reasonOf = (value: Value<unknown>): UnknownReason | undefined => (isUnknown(value) ? value.unknown : undefined);

/** A section the template does not have: rendered before the `position`-th section (or last). */
export interface UnknownSection {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly position: number;
}

/** A row whose code cell is a range of codes (`11042-11047`): not stored, reported. */
export interface RangeRow {
  readonly kind: 'relatedCodes' | 'diagnoses';
  readonly range: string;
  readonly cells: readonly [string, string];
  /** Where among the table's rows. */
  readonly position: number;
}

/** What a document says that its description does not hold, and the reader reports. */
export interface DocumentExtras {
  readonly unknownSections?: readonly UnknownSection[];
  readonly rangeRows?: readonly RangeRow[];
}

export const SECTION_KEYS = ['summary', 'billing', 'clinical', 'coding', 'diagnoses', 'relatedCodes'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Every way of writing a document the renderer knows; the first of each (TEMPLATE_STYLE) writes the seed byte for byte. */
export const STYLE_CHOICES = {
  lineEnding: ['\n', '\r\n'],
  byteOrderMark: [false, true],
  finalNewline: [false, true],
  /** Bytes: UTF-16 always with its byte-order mark. */
  encoding: ['utf-8', 'utf-16le'],
  /** The word of the title line; `own` is the code's own system. */
  titleWord: ['own', 'CPT', 'HCPCS'],
  /** `CPT 20956`, `CPT Code 20956`, `CPT® Code: 20956`, `HCPCS Level II J1234`. */
  titleLabel: ['plain', 'code', 'registered', 'level'],
  titleSeparator: [': ', ' — ', ' - '],
  /** `**CPT 20956: Title**`, `**CPT 20956:** Title`, `# CPT 20956: Title`. */
  titleFormat: ['plain', 'bold', 'boldLabel', 'heading'],
  /** The title line before the first heading, rather than under `Summary & Overview`. */
  titleFirst: [false, true],
  headings: ['plain', 'markdown', 'bold', 'numbered'],
  ampersand: ['&', 'and'],
  specificationsHeading: [true, false],
  relatedHeading: ['Related CPT Codes', 'Related HCPCS Codes', 'Related Codes', 'Related CPT/HCPCS Codes'],
  /** A `Modifiers` and a `Provider Taxonomies` heading above their tables. */
  subheadings: [false, true],
  keyNames: ['template', 'variant'],
  /** `Key: value`, `**Key:** value`, `**Key**: value`, `*Key:* value`. */
  keyFormat: ['plain', 'bold', 'boldKey', 'italic'],
  /** A field on its line, as a list item, or its value on the next line. */
  fieldForm: ['line', 'bullet', 'nextLine'],
  /** Sites of service joined by `or` (the template), semicolons or commas, or one list item each. */
  siteForm: ['or', 'semicolons', 'commas', 'bullets'],
  /** Workflow phases as sentences, `Key: value` lines, or list items. */
  workflowForm: ['sentences', 'keyLines', 'bullets'],
  /** `Preoperative`, `Pre-service`, `Pre-procedure`. */
  phaseWords: ['operative', 'service', 'procedure'],
  bulletMarker: ['-', '*', '1.'],
  blankAfterHeading: [0, 1, 2],
  blankBetweenSections: [0, 1, 3],
  /** Blank lines between tables, fields and paragraphs of a section; paragraphs always get one. */
  blankBetweenBlocks: [0, 1, 2],
  /** Edge pipes of table lines; `mixed` cycles through every way row by row. */
  pipes: ['seed', 'mixed', 'both', 'leading', 'trailing', 'none'],
  cellPadding: [' ', ''],
  alignment: ['plain', 'colons', 'none'],
  headerNames: ['template', 'variant', 'synonym', 'generic'],
  columnOrder: ['template', 'swapped'],
  /** The code column first or last. */
  codeColumn: ['first', 'last'],
  /** A column the template does not have, after the others (reported, not stored). */
  extraColumn: [false, true],
  /** A blank line between a table's first two rows. */
  blankInTable: [false, true],
  /** Codes as written, in code spans, in bold; text cells in italics. */
  cellEmphasis: ['none', 'codeSpans', 'boldCodes', 'italicText'],
  /** Modifiers written as appended to a code: `-59`. */
  modifierHyphen: [false, true],
  /** Two related codes that say the same written in one cell, `99213, 99214` (reported). */
  codeLists: [false, true],
  /** A zero-width space inside the first code of each table (reported). */
  zeroWidth: [false, true],
  sentinelFormat: ['plain', 'italic', 'underscore', 'bold'],
  /** A whole list's sentinel or placeholder row in every cell, or in one. */
  sentinelRow: ['full', 'single'],
  /** What a value that is a placeholder is written as. */
  placeholder: ['—', 'N/A', 'TBD', '-', 'Unknown', 'Not available', 'n/a'],
  icd10Form: ['display', 'dotless', 'mixed'],
  /** Where the workflow sentences go: a new line of the vignette's last paragraph, its end, or a paragraph of their own. */
  workflows: ['line', 'inline', 'paragraph'],
  /** Spaces, tabs and no-break spaces the parser must ignore. */
  noise: ['none', 'trailing', 'mixed'],
} as const;

type StyleChoices = typeof STYLE_CHOICES;
export type RenderStyle = { readonly [K in keyof StyleChoices]: StyleChoices[K][number] } & {
  readonly sectionOrder: readonly SectionKey[];
};

export const TEMPLATE_STYLE: RenderStyle = {
  ...(Object.fromEntries(Object.entries(STYLE_CHOICES).map(([key, choices]) => [key, choices[0]])) as {
    [K in keyof StyleChoices]: StyleChoices[K][0];
  }),
  sectionOrder: SECTION_KEYS,
};

function representable(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`no text of the template says this: ${what}`);
}

/** The warnings, by rule, that what a renderer wrote must draw from the reader. */
export type ExpectedWarnings = Record<string, number>;

/** One rendering: the style, and the warnings it adds up. */
interface Rendering {
  readonly style: RenderStyle;
  readonly warnings: ExpectedWarnings;
}

const warn = (r: Rendering, rule: string, count = 1): void => {
  if (count > 0) r.warnings[rule] = (r.warnings[rule] ?? 0) + count;
};

// ---------------------------------------------------------------------------------------------
// Texts: unknown values, emphasis

const SENTINEL_FORMATS: Record<RenderStyle['sentinelFormat'], string> = {
  plain: SENTINEL,
  italic: `*${SENTINEL}*`,
  underscore: `_${SENTINEL}_`,
  bold: `**${SENTINEL}**`,
};

/** How an unknown value is written where it stands: the sentinel, a placeholder, or nothing. */
function unknownText(reason: UnknownReason, style: RenderStyle): string {
  representable(reason !== 'section absent', 'a value of an absent section where its section is there');
  if (reason === 'sentinel') return SENTINEL_FORMATS[style.sentinelFormat];
  return reason === 'placeholder' ? style.placeholder : '';
}

/** A value's text where it stands, known or not. */
const text = (value: Value<string>, style: RenderStyle): string => (isUnknown(value) ? unknownText(value.unknown, style) : value);

/** True when a prose value says only a token (the sentinel, a placeholder): then a missing field of its section reads as that token. */
const saysOnlyToken = (value: Value<unknown>): boolean => reasonOf(value) === 'sentinel' || reasonOf(value) === 'placeholder';

// ---------------------------------------------------------------------------------------------
// Blocks: what a section is made of, and the blank lines between them

interface Block {
  readonly kind: 'paragraph' | 'field' | 'table' | 'heading';
  readonly lines: readonly string[];
}

interface RenderedSection {
  readonly key: SectionKey | 'specifications' | 'unknown';
  readonly heading: string;
  readonly blocks: readonly Block[];
}

const blank = (count: number): string[] => Array.from({ length: count }, () => '');

const paragraph = (value: string): Block => ({ kind: 'paragraph', lines: value.split('\n') });

function joinBlocks(blocks: readonly Block[], style: RenderStyle): string[] {
  return blocks.flatMap((block, i) => {
    const previous = blocks[i - 1];
    if (previous === undefined) return block.lines;
    const gap =
      previous.kind === 'paragraph' && block.kind === 'paragraph' ? Math.max(1, style.blankBetweenBlocks) : style.blankBetweenBlocks;
    // List items after a field key, or a table after its heading, stay with it.
    return [...blank(previous.kind === 'heading' ? 0 : gap), ...block.lines];
  });
}

/** The paragraphs of a prose value of a section that is there: its text, the sentinel or a placeholder, or none when not stated. */
function prose(value: Value<string>, style: RenderStyle): Block[] {
  if (!isUnknown(value)) return value.split('\n\n').map(paragraph);
  return saysOnlyToken(value) ? [paragraph(unknownText(value.unknown, style))] : [];
}

/** True when every value of a section is "section absent"; throws when only some are. */
function sectionAbsent(section: string, values: readonly Value<unknown>[]): boolean {
  const absent = values.filter((v) => reasonOf(v) === 'section absent').length;
  representable(absent === 0 || absent === values.length, `some values of ${section} are "section absent", others not`);
  return absent > 0;
}

const bullet = (style: RenderStyle, item: string): string => `${style.bulletMarker} ${item}`;

const KEY_FORMATS: Record<RenderStyle['keyFormat'], (key: string) => string> = {
  plain: (key) => `${key}:`,
  bold: (key) => `**${key}:**`,
  boldKey: (key) => `**${key}**:`,
  italic: (key) => `*${key}:*`,
};

/** A `Key: value` field, as the style writes fields; an empty value is the key alone. */
function field(key: string, value: string, style: RenderStyle): Block {
  const keyText = KEY_FORMATS[style.keyFormat](key);
  if (value === '') return { kind: 'field', lines: [style.fieldForm === 'bullet' ? bullet(style, keyText) : keyText] };
  if (style.fieldForm === 'bullet') return { kind: 'field', lines: [bullet(style, `${keyText} ${value}`)] };
  return { kind: 'field', lines: style.fieldForm === 'nextLine' ? [keyText, value] : [`${keyText} ${value}`] };
}

/** A field whose value is list items: the key, then one item each (indented under a list-item key). */
function listField(key: string, items: readonly string[], style: RenderStyle): Block {
  const keyText = KEY_FORMATS[style.keyFormat](key);
  const indent = style.fieldForm === 'bullet' ? '    ' : '';
  return {
    kind: 'field',
    lines: [style.fieldForm === 'bullet' ? bullet(style, keyText) : keyText, ...items.map((item) => `${indent}${bullet(style, item)}`)],
  };
}

/**
 * A field of a section that is there: its value, or its unknown token; left out when not stated,
 * unless the section's prose says only a token — then a missing field would read as that token,
 * and the key alone says "not stated".
 */
function statedField(key: string, value: Value<string>, sectionToken: boolean, style: RenderStyle): Block[] {
  if (isUnknown(value) && !saysOnlyToken(value) && !sectionToken) return [];
  return [field(key, text(value, style), style)];
}

// ---------------------------------------------------------------------------------------------
// Tables

type HeaderNames = Record<RenderStyle['headerNames'], readonly [string, string, string]>;

const HEADERS: Record<ListField, HeaderNames> = {
  modifiers: {
    template: ['Modifier', 'Description', 'When to Use'],
    variant: ['Modifier Code', 'Modifier Description', 'Usage Guidance'],
    synonym: ['Mod', 'Definition', 'When It Applies'],
    generic: ['Code', 'Meaning', 'When It Applies'],
  },
  taxonomies: {
    template: ['Taxonomy Code', 'Specialty', 'Notes'],
    variant: ['NUCC Taxonomy Code', 'Provider Specialty', 'Comments'],
    synonym: ['Taxonomy', 'Classification', 'Role'],
    generic: ['Code', 'Specialty', 'Notes'],
  },
  diagnoses: {
    template: ['ICD-10 Code', 'Description', 'Clinical Relevance'],
    variant: ['ICD-10-CM Code', 'Diagnosis Description', 'Relevance'],
    synonym: ['ICD-10-CM', 'Condition', 'Rationale'],
    generic: ['Code', 'Description', 'Clinical Relevance'],
  },
  relatedCodes: {
    template: ['CPT Code', 'Description', 'Relationship to This Procedure'],
    variant: ['Related Code', 'Code Description', 'Relationship'],
    synonym: ['CPT® Code', 'Descriptor', 'Relationship'],
    generic: ['Code', 'Description', 'Relationship'],
  },
};

const EXTRA_COLUMN = ['Source', 'See payer policy.'] as const;

const EDGE_CYCLE = ['none', 'both', 'leading', 'trailing'] as const;
type Edges = (typeof EDGE_CYCLE)[number];

/** A table line's edge pipes: the seed writes its headers and sentinel rows with both, its other rows with a trailing one. */
function edgesOf(style: RenderStyle, line: number | 'header' | 'sentinel'): Edges {
  if (style.codeColumn !== 'first' || style.extraColumn) return 'both';
  if (style.pipes === 'seed') return line === 'header' || line === 'sentinel' ? 'both' : 'trailing';
  if (style.pipes !== 'mixed') return style.pipes;
  return typeof line === 'number' ? EDGE_CYCLE[line % EDGE_CYCLE.length]! : 'both';
}

/** A table line; an empty first or last cell gets its edge pipe, so that the row keeps its width. */
function tableLine(cells: readonly string[], edges: Edges, pad: string): string {
  const leading = edges === 'both' || edges === 'leading' || cells[0] === '';
  const trailing = edges === 'both' || edges === 'trailing' || cells[cells.length - 1] === '';
  return `${leading ? `|${pad}` : ''}${cells.join(`${pad}|${pad}`)}${trailing ? `${pad}|` : ''}`;
}

const ALIGNMENT_CELLS = { plain: '---', colons: ':---' } as const;

/** A row as written: its code cell, then its two fields. */
type Row = readonly [code: string, first: Value<string>, second: Value<string>];

const CODE_EMPHASIS: Record<RenderStyle['cellEmphasis'], (code: string) => string> = {
  none: (code) => code,
  codeSpans: (code) => `\`${code}\``,
  boldCodes: (code) => `**${code}**`,
  italicText: (code) => code,
};

/** A value as a table cell: `\|` for a pipe, in italics when the style says, the sentinel, a placeholder, or empty. */
function cell(value: Value<string>, style: RenderStyle): string {
  if (isUnknown(value)) return unknownText(value.unknown, style);
  const escaped = value.replaceAll('|', '\\|');
  return style.cellEmphasis === 'italicText' ? `*${escaped}*` : escaped;
}

/**
 * A table of [code, first field, second field] rows, with any range rows of its kind; an unknown
 * list is one row of sentinels (or placeholders), or no table.
 */
function table(r: Rendering, kind: ListField, rows: Value<readonly Row[]>, rangeRows: readonly RangeRow[] = []): Block[] {
  const { style } = r;
  if (isUnknown(rows) && !saysOnlyToken(rows)) return [];
  const extra = style.extraColumn ? 1 : 0;
  const ordered = <T>([code, first, second]: readonly [T, T, T], extraCell: T): T[] => {
    const fields = style.columnOrder === 'template' ? [first, second] : [second, first];
    const cells = style.codeColumn === 'first' ? [code, ...fields] : [...fields, code];
    return extra ? [...cells, extraCell] : cells;
  };
  const pad = style.cellPadding;
  const header = tableLine(ordered(HEADERS[kind][style.headerNames], EXTRA_COLUMN[0]), edgesOf(style, 'header'), pad);
  const width = 3 + extra;
  const alignmentCell = style.alignment === 'none' ? undefined : ALIGNMENT_CELLS[style.alignment];
  const alignment =
    alignmentCell === undefined
      ? []
      : [
          tableLine(
            Array.from({ length: width }, () => alignmentCell),
            edgesOf(style, 'header'),
            '',
          ),
        ];
  warn(r, 'unknown-column', extra);
  if (isUnknown(rows)) {
    // A dash alone could be an alignment row: a whole list's placeholder row is written with another.
    const token = style.placeholder === '-' && rows.unknown === 'placeholder' ? '—' : unknownText(rows.unknown, style);
    const body =
      style.sentinelRow === 'single'
        ? `|${pad}${token}${pad}|`
        : tableLine(
            Array.from({ length: width }, () => token),
            edgesOf(style, 'sentinel'),
            pad,
          );
    return [{ kind: 'table', lines: [header, ...alignment, body] }];
  }
  const written: (readonly [string, string, string])[] = rows.map(([code, first, second]) => [
    CODE_EMPHASIS[style.cellEmphasis](code),
    cell(first, style),
    cell(second, style),
  ]);
  for (const range of [...rangeRows].sort((a, b) => b.position - a.position)) {
    written.splice(Math.min(range.position, written.length), 0, [range.range, cell(range.cells[0], style), cell(range.cells[1], style)]);
    warn(r, 'code-range');
  }
  const body = written.map(([code, first, second], i) => {
    const shown = style.zeroWidth && i === 0 ? `${code.slice(0, 1)}\u200B${code.slice(1)}` : code;
    return tableLine(ordered([shown, first, second], EXTRA_COLUMN[1]), edgesOf(style, i), pad);
  });
  warn(r, 'invisible-characters', style.zeroWidth && body.length > 0 ? 1 : 0);
  if (style.blankInTable && body.length > 1) body.splice(1, 0, '');
  return [{ kind: 'table', lines: [header, ...alignment, ...body] }];
}

const listRows = <T, R>(list: Value<readonly T[]>, row: (item: T, index: number) => R): Value<R[]> =>
  isUnknown(list) ? list : list.map(row);

const icd10Text = (code: Icd10Forms, index: number, style: RenderStyle): string => {
  const dotless = style.icd10Form === 'dotless' || (style.icd10Form === 'mixed' && index % 2 === 1);
  return dotless ? code.dotless : code.display;
};

/**
 * Related rows written in one cell (`99213, 99214`) when the style lists codes: two neighbours that
 * say the same, neither the document's own code nor marked as an add-on. Indices of the first of each pair.
 */
export function codeListPairs(doc: DocumentDescription): number[] {
  if (isUnknown(doc.relatedCodes)) return [];
  const rows = doc.relatedCodes;
  const pairs: number[] = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    const [a, b] = [rows[i]!, rows[i + 1]!];
    const plain = (x: RelatedCodeItem) => x.code !== doc.code && !x.markedAddOn;
    if (
      plain(a) &&
      plain(b) &&
      a.code !== b.code &&
      JSON.stringify([a.descriptor, a.relationship]) === JSON.stringify([b.descriptor, b.relationship])
    ) {
      pairs.push(i++);
    }
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------------
// Sections

const HEADING_TEXT: Record<Exclude<RenderedSection['key'], 'unknown'>, (style: RenderStyle) => string> = {
  summary: (s) => `Summary ${s.ampersand} Overview`,
  billing: () => 'Billing Code Overview',
  specifications: (s) => `Clinical ${s.ampersand} Coding Specifications`,
  clinical: () => 'Clinical Context',
  coding: () => 'Coding Specifications',
  diagnoses: () => 'Related Diagnoses',
  relatedCodes: (s) => s.relatedHeading,
};

function styledHeading(heading: string, style: RenderStyle, number: string): string {
  if (style.headings === 'markdown') return `${'#'.repeat(number.includes('.') ? 3 : 2)} ${heading}`;
  if (style.headings === 'bold') return `**${heading}**`;
  return style.headings === 'numbered' ? `${number}${number.includes('.') ? '' : '.'} ${heading}` : heading;
}

/** A field's key as the style names it: the template's name (the first of its keys) or another generator's (the second). */
const keyName = (field: KeyField, style: RenderStyle): string => keyedField(field).keys[style.keyNames === 'template' ? 0 : 1]!;

/** The values of a section's fields (the title line is not in any). */
const sectionValues = (doc: DocumentDescription, section: SectionName): Value<unknown>[] =>
  STATED_FIELDS.filter(
    (field) => RECORD_FIELDS[field].section === section && (RECORD_FIELDS[field] as { source?: string }).source !== 'title line',
  ).map((field) => doc[field]);

/** The `Key: value` text fields of a section, after its prose. */
const keyTextBlocks = (doc: DocumentDescription, section: SectionName, token: boolean, style: RenderStyle): Block[] =>
  KEY_TEXT_FIELDS.filter((field) => RECORD_FIELDS[field].section === section).flatMap((field) =>
    statedField(keyName(field, style), doc[field], token, style),
  );

/**
 * The summary's paragraphs, which carry the payers: in the payer sentence, as list items after a
 * sentence that ends in a colon, or else as a `Payers` field; payers that are the sentinel are a
 * sentinel paragraph when the text has no payer sentence.
 */
function summaryBlocks(r: Rendering, doc: DocumentDescription): Block[] | undefined {
  const { style } = r;
  if (sectionAbsent('the summary', sectionValues(doc, 'summary'))) return undefined;
  const blocks = [...prose(doc.summary, style), ...keyTextBlocks(doc, 'summary', saysOnlyToken(doc.summary), style)];
  const payersField = (): Block[] => {
    const key = keyName('payers', style);
    if (!isUnknown(doc.payers))
      return [
        style.siteForm === 'bullets'
          ? listField(
              key,
              doc.payers.map((p) => p.value),
              style,
            )
          : field(key, doc.payers.map((p) => p.value).join('; '), style),
      ];
    return [field(key, text(doc.payers, style), style)];
  };
  const sentence = isUnknown(doc.summary) ? undefined : payerSentenceOf(doc.summary);
  if (sentence === undefined) {
    // Left out, payers read as what the summary says: not stated beside known text, or its reason.
    if (reasonOf(doc.payers) === (isUnknown(doc.summary) ? doc.summary.unknown : 'not stated')) return blocks;
    if (reasonOf(doc.payers) === 'sentinel' && !isUnknown(doc.summary))
      return [...blocks, paragraph(SENTINEL_FORMATS[style.sentinelFormat])];
    return [...blocks, ...payersField()];
  }
  if (sentence === '') {
    // `… include:` then one list item per payer (or one item that says it is unknown).
    representable(reasonOf(doc.payers) !== 'not stated', 'payers not stated after a sentence that introduces them');
    const items = isUnknown(doc.payers) ? [text(doc.payers, style)] : doc.payers.map((p) => p.value);
    return [...blocks, { kind: 'field', lines: items.map((item) => bullet(style, item)) }];
  }
  if (!isUnknown(doc.payers)) {
    const names = doc.payers.map((p) => p.value);
    representable(
      sentenceNames(sentence, names),
      `payers that are not the payer sentence of the summary: ${JSON.stringify(sentence)} does not name ${JSON.stringify(names)}`,
    );
  } else {
    representable(
      doc.payers.unknown === 'sentinel'
        ? sentence.startsWith(SENTINEL)
        : doc.payers.unknown === 'placeholder' && !sentence.startsWith(SENTINEL),
      `payers ${doc.payers.unknown} in a summary that names payers`,
    );
  }
  return blocks;
}

const SITE_JOINERS: Record<Exclude<RenderStyle['siteForm'], 'bullets'>, (sites: readonly string[]) => string> = {
  or: (sites) => (sites.length <= 2 ? sites.join(' or ') : `${sites.slice(0, -1).join(', ')}, or ${sites[sites.length - 1]}`),
  semicolons: (sites) => sites.join('; '),
  commas: (sites) => sites.join(', '),
};

function billingBlocks(r: Rendering, doc: DocumentDescription): Block[] | undefined {
  const { style } = r;
  if (sectionAbsent('the billing overview', sectionValues(doc, 'billing'))) return undefined;
  const token = saysOnlyToken(doc.billingOverview);
  const key = keyName('sitesOfService', style);
  const sites = doc.sitesOfService;
  const siteBlocks = isUnknown(sites)
    ? statedField(key, sites, token, style)
    : style.siteForm === 'bullets'
      ? [
          listField(
            key,
            sites.map((s) => s.value),
            style,
          ),
        ]
      : [field(key, SITE_JOINERS[style.siteForm](sites.map((s) => s.value)), style)];
  return [...prose(doc.billingOverview, style), ...keyTextBlocks(doc, 'billing', token, style), ...siteBlocks];
}

const PHASE_WORDS: Record<RenderStyle['phaseWords'], Record<WorkflowPhase, string>> = {
  operative: { preoperative: 'Preoperative', intraoperative: 'Intraoperative', postoperative: 'Postoperative' },
  service: { preoperative: 'Pre-service', intraoperative: 'Intra-service', postoperative: 'Post-service' },
  procedure: { preoperative: 'Pre-procedure', intraoperative: 'Intra-procedure', postoperative: 'Post-procedure' },
};

function clinicalBlocks(r: Rendering, doc: DocumentDescription): Block[] | undefined {
  const blocks = workflowBlocks(r, doc);
  return blocks && [...blocks, ...keyTextBlocks(doc, 'clinical', saysOnlyToken(doc.clinicalVignette), r.style)];
}

/** The vignette and the workflow phases, as sentences, `Key: value` lines or list items. */
function workflowBlocks(r: Rendering, doc: DocumentDescription): Block[] | undefined {
  const { style } = r;
  const phases = WORKFLOW_PHASES.map((phase) => [phase, doc[WORKFLOW_FIELD[phase]]] as const);
  if (sectionAbsent('the clinical context', sectionValues(doc, 'clinical'))) return undefined;
  const token = saysOnlyToken(doc.clinicalVignette);
  const blocks = prose(doc.clinicalVignette, style);
  // A phase left out reads as the vignette's token; the phase named with nothing says "not stated".
  const written = phases.filter(([, value]) => !isUnknown(value) || saysOnlyToken(value) || token);
  const words = PHASE_WORDS[style.phaseWords];
  if (style.workflowForm !== 'sentences') {
    return [
      ...blocks,
      ...written.map(([phase, value]) =>
        style.workflowForm === 'keyLines'
          ? field(`${words[phase]} workflow`, text(value, style), { ...style, fieldForm: 'line' })
          : field(words[phase], text(value, style), { ...style, fieldForm: 'bullet' }),
      ),
    ];
  }
  const sentences = written.map(
    ([phase, value]) => `${words[phase]} workflow includes${isUnknown(value) && !saysOnlyToken(value) ? '' : ` ${text(value, style)}`}`,
  );
  if (sentences.length === 0) return blocks;
  const workflows = sentences.join(' ');
  const last = blocks[blocks.length - 1];
  if (isUnknown(doc.clinicalVignette) || last === undefined || style.workflows === 'paragraph') return [...blocks, paragraph(workflows)];
  const joined = style.workflows === 'line' ? `${last.lines.join('\n')}\n${workflows}` : `${last.lines.join('\n')} ${workflows}`;
  return [...blocks.slice(0, -1), paragraph(joined)];
}

/** How numbered styles number a sub-heading: like a sub-section (`4.1 Modifiers`); the number is not read. */
const SUBHEADING_NUMBER = '4.1';

/** A table, under its own sub-heading when the style writes them. */
function withSubheading(style: RenderStyle, heading: string, blocks: Block[]): Block[] {
  if (!style.subheadings || blocks.length === 0) return blocks;
  return [{ kind: 'heading', lines: [styledHeading(heading, style, SUBHEADING_NUMBER)] }, ...blocks];
}

const modifierText = (code: string, style: RenderStyle): string => (style.modifierHyphen ? `-${code}` : code);

function codingBlocks(r: Rendering, doc: DocumentDescription): Block[] | undefined {
  const { style } = r;
  if (sectionAbsent('the coding specifications', [doc.modifiers, doc.taxonomies])) return undefined;
  return [
    ...withSubheading(
      style,
      'Modifiers',
      table(
        r,
        'modifiers',
        listRows(doc.modifiers, (m) => [modifierText(m.code, style), m.description, m.whenToUse] as const),
      ),
    ),
    ...withSubheading(
      style,
      'Provider Taxonomies',
      table(
        r,
        'taxonomies',
        listRows(doc.taxonomies, (t) => [t.code.addedTrailingX ? t.code.code.slice(0, -1) : t.code.code, t.specialty, t.notes] as const),
      ),
    ),
  ];
}

function diagnosisBlocks(r: Rendering, doc: DocumentDescription, extras: DocumentExtras): Block[] | undefined {
  if (sectionAbsent('the related diagnoses', [doc.diagnoses])) return undefined;
  const rows = listRows(doc.diagnoses, (d, i) => [icd10Text(d.code, i, r.style), d.description, d.clinicalRelevance] as const);
  return table(
    r,
    'diagnoses',
    rows,
    (extras.rangeRows ?? []).filter((row) => row.kind === 'diagnoses'),
  );
}

function relatedCodeBlocks(r: Rendering, doc: DocumentDescription, extras: DocumentExtras): Block[] | undefined {
  if (sectionAbsent('the related codes', [doc.relatedCodes])) return undefined;
  const { relatedCodes } = doc;
  const rows: Value<Row[]> = listRows(relatedCodes, (x) => [`${x.markedAddOn ? '+' : ''}${x.code}`, x.descriptor, x.relationship] as const);
  if (r.style.codeLists && !isUnknown(rows)) {
    const pairs = codeListPairs(doc);
    for (const i of [...pairs].reverse()) {
      const [first, second] = [rows[i]!, rows[i + 1]!];
      rows.splice(i, 2, [`${first[0]}, ${second[0]}`, first[1], first[2]]);
    }
    warn(r, 'code-list', pairs.length);
  }
  return table(
    r,
    'relatedCodes',
    rows,
    (extras.rangeRows ?? []).filter((row) => row.kind === 'relatedCodes'),
  );
}

const SECTION_BLOCKS: Record<SectionKey, (r: Rendering, doc: DocumentDescription, extras: DocumentExtras) => Block[] | undefined> = {
  summary: summaryBlocks,
  billing: billingBlocks,
  clinical: clinicalBlocks,
  coding: codingBlocks,
  diagnoses: diagnosisBlocks,
  relatedCodes: relatedCodeBlocks,
};

// ---------------------------------------------------------------------------------------------
// The document

const TITLE_LABELS: Record<RenderStyle['titleLabel'], (word: string, code: string) => string> = {
  plain: (word, code) => `${word} ${code}`,
  code: (word, code) => `${word} Code ${code}`,
  registered: (word, code) => `${word}${word === 'CPT' ? '®' : ''} Code: ${code}`,
  level: (word, code) => (word === 'HCPCS' ? `HCPCS Level II ${code}` : `${word} ${code}`),
};

function titleLine(doc: DocumentDescription, style: RenderStyle): string {
  const word = style.titleWord === 'own' ? (classifyCode(doc.code)?.system ?? 'CPT') : style.titleWord;
  const label = TITLE_LABELS[style.titleLabel](word, `${doc.markedAddOn ? '+' : ''}${doc.code}`);
  representable(reasonOf(doc.title) !== 'section absent', 'a title of an absent section');
  const title = isUnknown(doc.title) && !saysOnlyToken(doc.title) ? undefined : text(doc.title, style);
  const separator = style.titleSeparator;
  switch (style.titleFormat) {
    case 'plain':
      return title === undefined ? label : `${label}${separator}${title}`;
    case 'bold':
      return `**${title === undefined ? label : `${label}${separator}${title}`}**`;
    case 'boldLabel':
      return title === undefined ? `**${label}**` : `**${label}${separator.trimEnd()}** ${title}`;
    case 'heading':
      return `# ${title === undefined ? label : `${label}${separator}${title}`}`;
  }
}

/** The sections in the style's order, the specifications heading before the first of its two, unknown ones inserted. */
function sectionsOf(r: Rendering, doc: DocumentDescription, extras: DocumentExtras): RenderedSection[] {
  const sections: RenderedSection[] = [];
  for (const key of r.style.sectionOrder) {
    const blocks = SECTION_BLOCKS[key](r, doc, extras);
    if (blocks === undefined) continue;
    const opensSpecifications = (key === 'clinical' || key === 'coding') && !sections.some((s) => s.key === 'specifications');
    if (opensSpecifications && r.style.specificationsHeading) {
      sections.push({ key: 'specifications', heading: HEADING_TEXT.specifications(r.style), blocks: [] });
    }
    sections.push({ key, heading: HEADING_TEXT[key](r.style), blocks });
  }
  for (const unknown of extras.unknownSections ?? []) {
    const at = Math.min(unknown.position, sections.length);
    sections.splice(at, 0, { key: 'unknown', heading: unknown.heading, blocks: unknown.paragraphs.map(paragraph) });
    warn(r, 'unknown-heading');
  }
  return sections;
}

const NOISE: Record<RenderStyle['noise'], (line: string, index: number) => string> = {
  none: (line) => line,
  trailing: (line, i) => `${line}${[' ', '\t', '\u00A0', ' \t\u00A0 '][i % 4]}`,
  mixed: (line, i) => [line.replace(' ', '\u00A0'), `${line}\t `, `\u00A0 ${line}`, line.replaceAll(' | ', '\t|\u00A0')][i % 4]!,
};

/** The text of a description written in a style, and the warnings reading it must give for what the style adds. */
export function renderWithWarnings(
  doc: DocumentDescription,
  style: RenderStyle = TEMPLATE_STYLE,
  extras: DocumentExtras = {},
): { text: string; warnings: ExpectedWarnings } {
  const r: Rendering = { style, warnings: {} };
  const sections = sectionsOf(r, doc, extras);
  const title = titleLine(doc, style);
  const titleUnderHeading = !style.titleFirst && sections[0]?.key === 'summary';
  const rendered = sections.map((section, i) => [
    styledHeading(section.heading, style, String(i + 1)),
    ...(i === 0 && titleUnderHeading ? [title] : []),
    ...(section.blocks.length > 0 ? blank(style.blankAfterHeading) : []),
    ...joinBlocks(section.blocks, style),
  ]);
  const lines = [
    ...(titleUnderHeading ? [] : [title, ...(rendered.length > 0 ? blank(style.blankBetweenSections) : [])]),
    ...rendered.flatMap((section, i) => (i === 0 ? section : [...blank(style.blankBetweenSections), ...section])),
  ].map(NOISE[style.noise]);
  const text = lines.join(style.lineEnding) + (style.finalNewline ? style.lineEnding : '');
  return { text: style.byteOrderMark ? `\uFEFF${text}` : text, warnings: r.warnings };
}

export const renderDocument = (doc: DocumentDescription, style: RenderStyle = TEMPLATE_STYLE, extras: DocumentExtras = {}): string =>
  renderWithWarnings(doc, style, extras).text;

/** A rendered text as the bytes of a file in the style's encoding: UTF-16 with its byte-order mark. */
export function encodeDocument(text: string, style: RenderStyle): Buffer {
  if (style.encoding === 'utf-8') return Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/^\uFEFF/, ''), 'utf16le')]);
}
