/**
 * Renders a document description as the template's text, written in one of the many ways the
 * template allows (a RenderStyle). A description is what a document says: a `DocumentModel` is
 * one, and so is what the corpus generator makes. Parsing and validating the rendered text gives
 * the description back, apart from line numbers and source text; how a value is left unknown is
 * written so that it reads back with the same reason.
 *
 * A description's texts must be ones the template can carry: no line breaks in a cell, a title or
 * a `Key: value` line, no pipes outside tables, no headings, colons or template sentences (payers,
 * workflows) inside prose except where they belong. What no text could say (a section absent for
 * one of its values but not another, say) throws.
 */
import { classifyCode, type Icd10Forms, type NuccReading } from '../domain/codes.js';
import { isSentinel, SENTINEL, WORKFLOW_PHASES, type UnavailableReason, type WorkflowPhase } from '../domain/unknowns.js';
import { findPayerList, type TableKind } from '../pipeline/parse.js';

export interface Unknown {
  readonly unavailable: UnavailableReason;
}
export type Value<T> = T | Unknown;

export const isUnknown = <T>(value: Value<T>): value is Unknown =>
  typeof value === 'object' && value !== null && 'unavailable' in value;

const reasonOf = (value: Value<unknown>): UnavailableReason | undefined => (isUnknown(value) ? value.unavailable : undefined);

/** A value the model keeps with its line (payers, sites of service): here, only its text. */
export interface StatedText {
  readonly value: string;
}

export interface ModifierItem {
  readonly code: string;
  readonly description: Value<string>;
  readonly whenToUse: Value<string>;
}
export interface RelatedCodeItem {
  readonly code: string;
  readonly descriptor: Value<string>;
  readonly relationship: Value<string>;
}
export interface DiagnosisItem {
  readonly code: Icd10Forms;
  readonly description: Value<string>;
  readonly clinicalRelevance: Value<string>;
}
export interface TaxonomyItem {
  /** `addedTrailingX` is written as the code without its X. */
  readonly code: NuccReading;
  readonly specialty: Value<string>;
  readonly notes: Value<string>;
}

export interface DocumentDescription {
  readonly code: string;
  readonly title: Value<string>;
  readonly summary: Value<string>;
  /** The list part of the payer sentence; a known one must be in the summary's text. */
  readonly payers: Value<StatedText>;
  readonly billingOverview: Value<string>;
  readonly serviceType: Value<string>;
  readonly sitesOfService: Value<StatedText>;
  readonly clinicalVignette: Value<string>;
  readonly workflows: Readonly<Record<WorkflowPhase, Value<string>>>;
  readonly modifiers: Value<readonly ModifierItem[]>;
  readonly relatedCodes: Value<readonly RelatedCodeItem[]>;
  readonly diagnoses: Value<readonly DiagnosisItem[]>;
  readonly taxonomies: Value<readonly TaxonomyItem[]>;
}

/** A section the template does not have: rendered before the `position`-th section (or last). */
export interface UnknownSection {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly position: number;
}

export const SECTION_KEYS = ['summary', 'billing', 'clinical', 'coding', 'diagnoses', 'relatedCodes'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Every way of writing a document the renderer knows; the first of each (TEMPLATE_STYLE) writes the seed byte for byte. */
export const STYLE_CHOICES = {
  lineEnding: ['\n', '\r\n'],
  byteOrderMark: [false, true],
  finalNewline: [false, true],
  /** The word of the title line; `own` is the code's own system. */
  titleWord: ['own', 'CPT', 'HCPCS'],
  titleSeparator: [': ', ' — ', ' - '],
  /** The title line before the first heading, rather than under `Summary & Overview`. */
  titleFirst: [false, true],
  headings: ['plain', 'markdown', 'bold'],
  ampersand: ['&', 'and'],
  specificationsHeading: [true, false],
  relatedHeading: ['Related CPT Codes', 'Related HCPCS Codes', 'Related Codes', 'Related CPT/HCPCS Codes'],
  keyNames: ['template', 'variant'],
  blankAfterHeading: [0, 1, 2],
  blankBetweenSections: [0, 1, 3],
  /** Blank lines between tables, fields and paragraphs of a section; paragraphs always get one. */
  blankBetweenBlocks: [0, 1, 2],
  /** Edge pipes of table lines; `mixed` cycles through every way row by row. */
  pipes: ['seed', 'mixed', 'both', 'leading', 'trailing', 'none'],
  cellPadding: [' ', ''],
  alignment: ['plain', 'colons', 'none'],
  headerNames: ['template', 'variant'],
  columnOrder: ['template', 'swapped'],
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

// ---------------------------------------------------------------------------------------------
// Blocks: what a section is made of, and the blank lines between them

interface Block {
  readonly kind: 'paragraph' | 'field' | 'table';
  readonly lines: readonly string[];
}

interface RenderedSection {
  readonly key: SectionKey | 'specifications' | 'unknown';
  readonly heading: string;
  readonly blocks: readonly Block[];
}

const blank = (count: number): string[] => Array.from({ length: count }, () => '');

const paragraph = (text: string): Block => ({ kind: 'paragraph', lines: text.split('\n') });

function joinBlocks(blocks: readonly Block[], style: RenderStyle): string[] {
  return blocks.flatMap((block, i) => {
    const previous = blocks[i - 1];
    if (previous === undefined) return block.lines;
    const gap = previous.kind === 'paragraph' && block.kind === 'paragraph' ? Math.max(1, style.blankBetweenBlocks) : style.blankBetweenBlocks;
    return [...blank(gap), ...block.lines];
  });
}

/** The paragraphs of a prose value of a section that is there: its text, the sentinel, or none when not stated. */
function prose(value: Value<string>): Block[] {
  if (!isUnknown(value)) return value.split('\n\n').map(paragraph);
  return value.unavailable === 'marked unavailable' ? [paragraph(SENTINEL)] : [];
}

/** A value as a table cell: `\|` for a pipe, the sentinel, or empty when not stated. */
function cell(value: Value<string>): string {
  if (!isUnknown(value)) return value.replaceAll('|', '\\|');
  representable(value.unavailable !== 'section absent', 'a table cell of an absent section');
  return value.unavailable === 'marked unavailable' ? SENTINEL : '';
}

/** True when every value of a section is "section absent"; throws when only some are. */
function sectionAbsent(section: string, values: readonly Value<unknown>[]): boolean {
  const absent = values.filter((v) => reasonOf(v) === 'section absent').length;
  representable(absent === 0 || absent === values.length, `some values of ${section} are "section absent", others not`);
  return absent > 0;
}

// ---------------------------------------------------------------------------------------------
// Tables

const HEADERS: Record<TableKind, Record<RenderStyle['headerNames'], readonly [string, string, string]>> = {
  modifiers: { template: ['Modifier', 'Description', 'When to Use'], variant: ['Modifier Code', 'Modifier Description', 'Usage Guidance'] },
  taxonomies: { template: ['Taxonomy Code', 'Specialty', 'Notes'], variant: ['NUCC Taxonomy Code', 'Provider Specialty', 'Comments'] },
  diagnoses: {
    template: ['ICD-10 Code', 'Description', 'Clinical Relevance'],
    variant: ['ICD-10-CM Code', 'Diagnosis Description', 'Relevance'],
  },
  relatedCodes: {
    template: ['CPT Code', 'Description', 'Relationship to This Procedure'],
    variant: ['Related Code', 'Code Description', 'Relationship'],
  },
};

const EDGE_CYCLE = ['none', 'both', 'leading', 'trailing'] as const;
type Edges = (typeof EDGE_CYCLE)[number];

/** A table line's edge pipes: the seed writes its headers and sentinel rows with both, its other rows with a trailing one. */
function edgesOf(style: RenderStyle, line: number | 'header' | 'sentinel'): Edges {
  if (style.pipes === 'seed') return line === 'header' || line === 'sentinel' ? 'both' : 'trailing';
  if (style.pipes !== 'mixed') return style.pipes;
  return typeof line === 'number' ? EDGE_CYCLE[line % EDGE_CYCLE.length]! : 'both';
}

function tableLine(cells: readonly string[], edges: Edges, pad: string): string {
  const leading = edges === 'both' || edges === 'leading' ? `|${pad}` : '';
  const trailing = edges === 'both' || edges === 'trailing' ? `${pad}|` : '';
  return `${leading}${cells.join(`${pad}|${pad}`)}${trailing}`;
}

const ALIGNMENT_CELLS = { plain: ['---', '---', '---'], colons: [':---', '---:', ':-:'] } as const;

type Row = readonly [code: string, first: Value<string>, second: Value<string>];

/** A table of [code, first field, second field] rows; an unknown list is one row of sentinels, or no table. */
function table(kind: TableKind, rows: Value<readonly Row[]>, style: RenderStyle): Block[] {
  if (isUnknown(rows) && rows.unavailable !== 'marked unavailable') return [];
  const ordered = <T>([code, first, second]: readonly [T, T, T]): T[] => (style.columnOrder === 'template' ? [code, first, second] : [code, second, first]);
  const pad = style.cellPadding;
  const header = tableLine(ordered(HEADERS[kind][style.headerNames]), edgesOf(style, 'header'), pad);
  const alignment = style.alignment === 'none' ? [] : [tableLine(ALIGNMENT_CELLS[style.alignment], edgesOf(style, 'header'), '')];
  const body = isUnknown(rows)
    ? [tableLine([SENTINEL, SENTINEL, SENTINEL], edgesOf(style, 'sentinel'), pad)]
    : rows.map(([code, first, second], i) => tableLine(ordered([code, cell(first), cell(second)]), edgesOf(style, i), pad));
  return [{ kind: 'table', lines: [header, ...alignment, ...body] }];
}

const listRows = <T, R>(list: Value<readonly T[]>, row: (item: T, index: number) => R): Value<R[]> =>
  isUnknown(list) ? list : list.map(row);

const icd10Text = (code: Icd10Forms, index: number, style: RenderStyle): string => {
  const dotless = style.icd10Form === 'dotless' || (style.icd10Form === 'mixed' && index % 2 === 1);
  return dotless ? code.dotless : code.display;
};

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

const styledHeading = (text: string, style: RenderStyle): string =>
  style.headings === 'markdown' ? `## ${text}` : style.headings === 'bold' ? `**${text}**` : text;

const KEY_NAMES = {
  template: { serviceType: 'Service type', sitesOfService: 'Typical site of service' },
  variant: { serviceType: 'Type of service', sitesOfService: 'Sites of service' },
} as const;

/**
 * The summary's paragraphs, which carry the payer sentence: payers known are in the summary's
 * text; payers marked unavailable are a sentinel paragraph when the text has no payer sentence.
 */
function summaryBlocks(doc: DocumentDescription): Block[] | undefined {
  if (sectionAbsent('the summary', [doc.summary, doc.payers])) return undefined;
  const blocks = prose(doc.summary);
  if (isUnknown(doc.summary)) {
    const payersFollow = doc.summary.unavailable === 'marked unavailable' ? 'marked unavailable' : 'not stated';
    representable(reasonOf(doc.payers) === payersFollow, `payers other than ${payersFollow} in a summary ${doc.summary.unavailable}`);
    return blocks;
  }
  const stated = doc.summary
    .split('\n\n')
    .map(findPayerList)
    .find((found) => found !== undefined)?.list;
  if (!isUnknown(doc.payers)) {
    representable(stated === doc.payers.value, 'payers that are not the payer sentence of the summary');
  } else if (doc.payers.unavailable === 'not stated') {
    representable(stated === undefined, 'payers not stated in a summary with a payer sentence');
  } else if (stated === undefined) {
    blocks.push(paragraph(SENTINEL));
  } else {
    representable(isSentinel(stated), 'payers marked unavailable in a summary that names payers');
  }
  return blocks;
}

function fieldLine(name: string, value: Value<StatedText | string>, sectionMarked: boolean): Block[] {
  if (!isUnknown(value)) return [{ kind: 'field', lines: [`${name}: ${typeof value === 'string' ? value : value.value}`] }];
  if (value.unavailable === 'marked unavailable') return [{ kind: 'field', lines: [`${name}: ${SENTINEL}`] }];
  // Left out, a field of a section that says only the sentinel would read as marked unavailable.
  return sectionMarked ? [{ kind: 'field', lines: [`${name}:`] }] : [];
}

function billingBlocks(doc: DocumentDescription, style: RenderStyle): Block[] | undefined {
  if (sectionAbsent('the billing overview', [doc.billingOverview, doc.serviceType, doc.sitesOfService])) return undefined;
  const marked = reasonOf(doc.billingOverview) === 'marked unavailable';
  const keys = KEY_NAMES[style.keyNames];
  return [
    ...prose(doc.billingOverview),
    ...fieldLine(keys.serviceType, doc.serviceType, marked),
    ...fieldLine(keys.sitesOfService, doc.sitesOfService, marked),
  ];
}

const PHASE_WORD: Record<WorkflowPhase, string> = { preoperative: 'Preoperative', intraoperative: 'Intraoperative', postoperative: 'Postoperative' };

function clinicalBlocks(doc: DocumentDescription, style: RenderStyle): Block[] | undefined {
  const phases = WORKFLOW_PHASES.map((phase) => [phase, doc.workflows[phase]] as const);
  if (sectionAbsent('the clinical context', [doc.clinicalVignette, ...phases.map(([, value]) => value)])) return undefined;
  const marked = reasonOf(doc.clinicalVignette) === 'marked unavailable';
  const sentences = phases.flatMap(([phase, value]) => {
    const opening = `${PHASE_WORD[phase]} workflow includes`;
    if (!isUnknown(value)) return [`${opening} ${value}`];
    if (value.unavailable === 'marked unavailable') return [`${opening} ${SENTINEL}`];
    // An empty sentence says "not stated" where leaving it out would say "marked unavailable".
    return marked ? [opening] : [];
  });
  const blocks = prose(doc.clinicalVignette);
  if (sentences.length === 0) return blocks;
  const workflows = sentences.join(' ');
  const last = blocks[blocks.length - 1];
  if (isUnknown(doc.clinicalVignette) || last === undefined || style.workflows === 'paragraph') return [...blocks, paragraph(workflows)];
  const joined = style.workflows === 'line' ? `${last.lines.join('\n')}\n${workflows}` : `${last.lines.join('\n')} ${workflows}`;
  return [...blocks.slice(0, -1), paragraph(joined)];
}

function codingBlocks(doc: DocumentDescription, style: RenderStyle): Block[] | undefined {
  if (sectionAbsent('the coding specifications', [doc.modifiers, doc.taxonomies])) return undefined;
  return [
    ...table('modifiers', listRows(doc.modifiers, (m) => [m.code, m.description, m.whenToUse] as const), style),
    ...table(
      'taxonomies',
      listRows(doc.taxonomies, (t) => [t.code.addedTrailingX ? t.code.code.slice(0, -1) : t.code.code, t.specialty, t.notes] as const),
      style,
    ),
  ];
}

function diagnosisBlocks(doc: DocumentDescription, style: RenderStyle): Block[] | undefined {
  if (sectionAbsent('the related diagnoses', [doc.diagnoses])) return undefined;
  return table('diagnoses', listRows(doc.diagnoses, (d, i) => [icd10Text(d.code, i, style), d.description, d.clinicalRelevance] as const), style);
}

function relatedCodeBlocks(doc: DocumentDescription, style: RenderStyle): Block[] | undefined {
  if (sectionAbsent('the related codes', [doc.relatedCodes])) return undefined;
  return table('relatedCodes', listRows(doc.relatedCodes, (r) => [r.code, r.descriptor, r.relationship] as const), style);
}

const SECTION_BLOCKS: Record<SectionKey, (doc: DocumentDescription, style: RenderStyle) => Block[] | undefined> = {
  summary: summaryBlocks,
  billing: billingBlocks,
  clinical: clinicalBlocks,
  coding: codingBlocks,
  diagnoses: diagnosisBlocks,
  relatedCodes: relatedCodeBlocks,
};

// ---------------------------------------------------------------------------------------------
// The document

function titleLine(doc: DocumentDescription, style: RenderStyle): string {
  const word = style.titleWord === 'own' ? (classifyCode(doc.code)?.system ?? 'CPT') : style.titleWord;
  if (!isUnknown(doc.title)) return `${word} ${doc.code}${style.titleSeparator}${doc.title}`;
  representable(doc.title.unavailable !== 'section absent', 'a title of an absent section');
  return doc.title.unavailable === 'marked unavailable' ? `${word} ${doc.code}${style.titleSeparator}${SENTINEL}` : `${word} ${doc.code}`;
}

/** The sections in the style's order, the specifications heading before the first of its two, unknown ones inserted. */
function sectionsOf(doc: DocumentDescription, style: RenderStyle, unknownSections: readonly UnknownSection[]): RenderedSection[] {
  const sections: RenderedSection[] = [];
  for (const key of style.sectionOrder) {
    const blocks = SECTION_BLOCKS[key](doc, style);
    if (blocks === undefined) continue;
    const opensSpecifications = (key === 'clinical' || key === 'coding') && !sections.some((s) => s.key === 'specifications');
    if (opensSpecifications && style.specificationsHeading) {
      sections.push({ key: 'specifications', heading: HEADING_TEXT.specifications(style), blocks: [] });
    }
    sections.push({ key, heading: HEADING_TEXT[key](style), blocks });
  }
  for (const unknown of unknownSections) {
    const at = Math.min(unknown.position, sections.length);
    sections.splice(at, 0, { key: 'unknown', heading: unknown.heading, blocks: unknown.paragraphs.map(paragraph) });
  }
  return sections;
}

const NOISE: Record<RenderStyle['noise'], (line: string, index: number) => string> = {
  none: (line) => line,
  trailing: (line, i) => `${line}${[' ', '\t', '\u00A0', ' \t\u00A0 '][i % 4]}`,
  mixed: (line, i) => [line.replace(' ', '\u00A0'), `${line}\t `, `\u00A0 ${line}`, line.replaceAll(' | ', '\t|\u00A0')][i % 4]!,
};

export function renderDocument(
  doc: DocumentDescription,
  style: RenderStyle = TEMPLATE_STYLE,
  unknownSections: readonly UnknownSection[] = [],
): string {
  const sections = sectionsOf(doc, style, unknownSections);
  const title = titleLine(doc, style);
  const titleUnderHeading = !style.titleFirst && sections[0]?.key === 'summary';
  const rendered = sections.map((section, i) => [
    styledHeading(section.heading, style),
    ...(i === 0 && titleUnderHeading ? [title] : []),
    ...(section.blocks.length > 0 ? blank(style.blankAfterHeading) : []),
    ...joinBlocks(section.blocks, style),
  ]);
  const lines = [
    ...(titleUnderHeading ? [] : [title, ...(rendered.length > 0 ? blank(style.blankBetweenSections) : [])]),
    ...rendered.flatMap((section, i) => (i === 0 ? section : [...blank(style.blankBetweenSections), ...section])),
  ].map(NOISE[style.noise]);
  const text = lines.join(style.lineEnding) + (style.finalNewline ? style.lineEnding : '');
  return style.byteOrderMark ? `\uFEFF${text}` : text;
}
