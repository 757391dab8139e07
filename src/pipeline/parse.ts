/**
 * Stage 2, parse: the template's structure, from text. Headings make sections; the title line,
 * `Key: value` lines, pipe tables, the payer sentence and the workflow sentences are found and kept
 * as raw text with their line numbers. Nothing here judges a value: that is validate's job.
 *
 * Pure: text in, a ParsedDocument and findings out.
 */
import { WORKFLOW_PHASES, type WorkflowPhase } from '../domain/unknowns.js';
import { error, quote, warning, type Finding } from './diagnostics.js';

export type SectionName = 'summary' | 'billing' | 'specifications' | 'clinical' | 'coding' | 'diagnoses' | 'relatedCodes';

export type TableKind = 'modifiers' | 'taxonomies' | 'diagnoses' | 'relatedCodes';

/** `payers` is the payer list written as a field, when a document has no payer sentence. */
export type KeyField = 'serviceType' | 'sitesOfService' | 'payers';


export interface Located<T = string> {
  readonly line: number;
  readonly value: T;
}

export interface TitleLine {
  readonly line: number;
  readonly system: string;
  readonly code: string;
  /** Absent when the line names the code but gives no title. */
  readonly title: string | undefined;
}

export interface TableRow {
  readonly line: number;
  /** The source line, for diagnostics that quote it. */
  readonly text: string;
  readonly cells: readonly string[];
}

export interface Table {
  readonly kind: TableKind;
  readonly line: number;
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
}

export interface Section {
  readonly line: number;
  readonly paragraphs: readonly Located[];
}

export interface ParsedDocument {
  readonly title: TitleLine | undefined;
  readonly sections: Partial<Record<SectionName, Section>>;
  readonly fields: Partial<Record<KeyField, Located>>;
  readonly tables: readonly Table[];
  /** The list part of `Key payers covered in this analysis include A, B, and C.` */
  readonly payerList: Located | undefined;
  /** What each workflow sentence says the phase includes. */
  readonly workflows: Partial<Record<WorkflowPhase, Located>>;
}

export interface ParseResult {
  readonly document: ParsedDocument;
  readonly findings: Finding[];
}

// ---------------------------------------------------------------------------------------------
// Lines

/** Any Unicode space (no-break, figure, thin...) and tabs count as one plain space. */
const ODD_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const HAS_ODD_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/;

export const cleanLine = (raw: string): string => (HAS_ODD_SPACE.test(raw) ? raw.replace(ODD_SPACE, ' ') : raw).trim();

/** `## 2. Billing Code Overview` → `Billing Code Overview`: markdown and outline numbering off. */
const OUTLINE_PREFIX = /^#+\s*|^(?:\d+|[IVX]+)[.)]\s+/;

const simplify = (text: string): string =>
  text
    .replace(OUTLINE_PREFIX, '')
    .replace(OUTLINE_PREFIX, '')
    .replace(/[*_`]/g, '')
    .replace(/\s*:$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

// ---------------------------------------------------------------------------------------------
// Headings

const HEADINGS: ReadonlyMap<string, SectionName> = new Map([
  ['summary & overview', 'summary'],
  ['summary and overview', 'summary'],
  ['billing code overview', 'billing'],
  ['clinical & coding specifications', 'specifications'],
  ['clinical and coding specifications', 'specifications'],
  ['clinical context', 'clinical'],
  ['coding specifications', 'coding'],
  ['related diagnoses', 'diagnoses'],
  ['related cpt codes', 'relatedCodes'],
  ['related hcpcs codes', 'relatedCodes'],
  ['related cpt/hcpcs codes', 'relatedCodes'],
  ['related codes', 'relatedCodes'],
]);

/** The longest line that can be a heading, with room for markdown and bold markers. */
const HEADING_MAX_LENGTH = 64;

export const knownHeading = (line: string): SectionName | undefined =>
  line.length > HEADING_MAX_LENGTH ? undefined : HEADINGS.get(simplify(line));

const MINOR_WORDS = new Set(['a', 'an', 'and', 'or', 'of', 'the', 'for', 'to', 'in', 'on', 'with', 'by', 'vs', '&', '/']);

/**
 * A line that reads like a heading the template does not have: short, title-cased, no sentence
 * punctuation, written plain, as markdown or bold like the template's own headings. Paragraphs
 * in the template are full sentences, so this does not catch prose; a colon makes the line a
 * `Key: value` field (`Service Type: Surgical`), never a heading.
 */
export function looksLikeHeading(line: string): boolean {
  if (line.length > HEADING_MAX_LENGTH) return false;
  const text = line
    .replace(OUTLINE_PREFIX, '')
    .replace(OUTLINE_PREFIX, '')
    .replace(/^(\*\*|__)(.+)\1$/, '$2')
    .trim();
  if (text.length === 0 || text.length > 60 || /[.,;!?]$/.test(text) || /[:|]/.test(text)) return false;
  const words = text.split(/\s+/);
  if (words.length > 8 || !/^[A-Z]/.test(text)) return false;
  return words.every((w) => MINOR_WORDS.has(w.toLowerCase()) || /^[A-Z0-9(]/.test(w));
}

// ---------------------------------------------------------------------------------------------
// Title, key-value lines, sentences

const TITLE_LINE = /^(CPT|HCPCS)®?(?:\s+code)?\s+([0-9A-Za-z]{4,6})\s*(?:[:\u2013\u2014-]\s*(.*))?$/i;

export function parseTitleLine(line: string, lineNumber: number): TitleLine | undefined {
  const match = TITLE_LINE.exec(line);
  if (!match) return undefined;
  const [, system = '', code = '', title = ''] = match;
  return { line: lineNumber, system: system.toUpperCase(), code, title: title.trim() || undefined };
}

const KEYS: ReadonlyMap<string, KeyField> = new Map([
  ['service type', 'serviceType'],
  ['type of service', 'serviceType'],
  ['typical site of service', 'sitesOfService'],
  ['typical sites of service', 'sitesOfService'],
  ['site of service', 'sitesOfService'],
  ['sites of service', 'sitesOfService'],
  ['site(s) of service', 'sitesOfService'],
  ['typical site(s) of service', 'sitesOfService'],
  ['place of service', 'sitesOfService'],
  ['places of service', 'sitesOfService'],
  ['typical place of service', 'sitesOfService'],
  ['typical places of service', 'sitesOfService'],
  ['payers', 'payers'],
  ['key payers', 'payers'],
  ['payers covered', 'payers'],
]);

const KEY_VALUE = /^([A-Za-z][A-Za-z /&()-]{0,40}?)\s*:\s*(.*)$/;

/** `**Service type:** Surgical` and `**Service type**: Surgical` read as `Service type: Surgical`. */
const BOLD_KEY = /^(\*\*|__)(.+?)\1/;

export function parseKeyValue(line: string): { key: string; field: KeyField | undefined; value: string } | undefined {
  if (!line.includes(':')) return undefined;
  const match = KEY_VALUE.exec(line.replace(BOLD_KEY, '$2'));
  if (!match) return undefined;
  const [, key = '', value = ''] = match;
  if (key.split(/\s+/).length > 5) return undefined;
  return { key, field: KEYS.get(simplify(key)), value: value.trim() };
}

const PAYER_SENTENCE =
  /\b(?:key\s+payers(?:\s+covered)?|payers\s+covered)(?:\s+in\s+this\s+analysis)?\s+(?:include|includes|are)\s*:?\s*([^]+?)(?:\.(?=\s|$)|$)/i;

/** The list text of the payer sentence (`Aetna, Cigna, and Medicare`) and where in the paragraph it is. */
export function findPayerList(paragraph: string): { list: string; index: number } | undefined {
  const match = PAYER_SENTENCE.exec(paragraph);
  return match?.[1] === undefined ? undefined : { list: match[1].trim(), index: match.index };
}

const PHASE_MARKER = /\b(pre|intra|post)-?operative\s+workflows?(?:\s+(?:includes?|involves?|consists\s+of)|\s*:)\s*/gi;

/**
 * Splits a paragraph at its workflow sentences: the text before the first one (part of the
 * clinical vignette) and what each phase includes, as written.
 */
export function splitWorkflows(paragraph: string): {
  before: string;
  phases: Partial<Record<WorkflowPhase, { text: string; index: number }>>;
} {
  const markers = [...paragraph.matchAll(PHASE_MARKER)];
  const first = markers[0];
  if (first === undefined) return { before: paragraph, phases: {} };
  const phases: Partial<Record<WorkflowPhase, { text: string; index: number }>> = {};
  markers.forEach((marker, i) => {
    const start = marker.index + marker[0].length;
    const end = markers[i + 1]?.index ?? paragraph.length;
    const phase = `${(marker[1] ?? '').toLowerCase()}operative` as WorkflowPhase;
    phases[phase] ??= { text: paragraph.slice(start, end).trim(), index: marker.index };
  });
  return { before: paragraph.slice(0, first.index).trim(), phases };
}

/** The line of a position inside a paragraph that starts at `line`. */
const lineAt = (paragraph: Located, index: number): number =>
  paragraph.line + (paragraph.value.slice(0, index).match(/\n/g)?.length ?? 0);

// ---------------------------------------------------------------------------------------------
// Tables

const UNESCAPED_PIPE = /(?<!\\)\|/;
const ALIGNMENT_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$/;

export const isTableLine = (line: string): boolean =>
  line.includes('|') && (!line.includes('\\') || UNESCAPED_PIPE.test(line));
export const isAlignmentRow = (line: string): boolean => line.includes('-') && ALIGNMENT_ROW.test(line);

/**
 * The cells of a pipe-table row, with or without its leading and trailing pipe; `\|` is a literal
 * pipe inside a cell. With `expected`, an empty first or last cell is kept when that is what makes
 * the row as wide as its header (`62 | Two surgeons |` read against three columns). An empty last
 * cell is tried first: the first cell is the row's code, while a last value may be left unstated
 * (`| 62 | Two surgeons |` against three columns is 62, Two surgeons and an empty cell).
 */
export function splitCells(line: string, expected?: number): string[] {
  const pieces = line.includes('\\')
    ? line.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, '|').trim())
    : line.split('|').map((cell) => cell.trim());
  const leading = pieces.length > 1 && pieces[0] === '';
  const trailing = pieces.length > 1 && pieces[pieces.length - 1] === '';
  const candidates: [boolean, boolean][] = [
    [leading, trailing],
    [leading, false],
    [false, trailing],
  ];
  for (const [dropFirst, dropLast] of candidates) {
    const cells = pieces.slice(dropFirst ? 1 : 0, dropLast ? pieces.length - 1 : pieces.length);
    if (expected === undefined || cells.length === expected) return cells;
  }
  return pieces.slice(leading ? 1 : 0, trailing ? pieces.length - 1 : pieces.length);
}

const TABLE_KIND_BY_FIRST_HEADER: readonly [RegExp, TableKind][] = [
  [/^modifiers?( codes?)?$/, 'modifiers'],
  [/taxonomy|nucc/, 'taxonomies'],
  [/icd|diagnos/, 'diagnoses'],
  [/^(related )?((cpt|hcpcs)( ?\/ ?(cpt|hcpcs))? )?codes?$/, 'relatedCodes'],
];

export function tableKind(header: readonly string[]): TableKind | undefined {
  const first = simplify(header[0] ?? '');
  return TABLE_KIND_BY_FIRST_HEADER.find(([pattern]) => pattern.test(first))?.[1];
}

// ---------------------------------------------------------------------------------------------
// The document

interface Line {
  readonly number: number;
  readonly raw: string;
  readonly text: string;
}

export function parseDocument(source: string): ParseResult {
  const lines: Line[] = source.split('\n').map((raw, i) => ({ number: i + 1, raw, text: cleanLine(raw) }));
  const findings: Finding[] = [];
  const sections: Partial<Record<SectionName, Section>> = {};
  const fields: Partial<Record<KeyField, Located>> = {};
  const tables: Table[] = [];
  const workflows: Partial<Record<WorkflowPhase, Located>> = {};
  let title: TitleLine | undefined;
  let payerList: Located | undefined;

  let current: { name: SectionName | undefined; line: number; paragraphs: Located[] } = {
    name: undefined,
    line: 1,
    paragraphs: [],
  };
  let unknownHeading: { line: number; heading: string; content: string[] } | undefined;
  let paragraph: { line: number; parts: string[] } | undefined;

  const endParagraph = (): void => {
    if (!paragraph) return;
    const text = paragraph.parts.join('\n');
    if (unknownHeading) unknownHeading.content.push(text);
    else current.paragraphs.push({ line: paragraph.line, value: text });
    paragraph = undefined;
  };
  const endUnknownSection = (): void => {
    if (!unknownHeading) return;
    const { line, heading, content } = unknownHeading;
    // Tables under it are read all the same, by their header rows; only its prose is lost.
    const said =
      content.length > 0
        ? `its text is not stored: ${content.map((c) => quote(c, 400)).join(' ')}`
        : 'it has no text of its own (any table under it is read by its header row)';
    findings.push(warning(line, 'unknown-heading', `section ${quote(heading)} is not part of the template; ${said}`));
    unknownHeading = undefined;
  };
  const endSection = (): void => {
    endParagraph();
    endUnknownSection();
    if (current.name === undefined) {
      for (const p of current.paragraphs) {
        findings.push(warning(p.line, 'text-outside-section', `text before the first heading is not stored: ${quote(p.value)}`));
      }
      return;
    }
    const existing = sections[current.name];
    if (existing) {
      findings.push(warning(current.line, 'repeated-heading', `heading repeated (first at line ${existing.line}); contents merged`));
      sections[current.name] = { line: existing.line, paragraphs: [...existing.paragraphs, ...current.paragraphs] };
    } else {
      sections[current.name] = { line: current.line, paragraphs: current.paragraphs };
    }
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const text = line.text;
    if (text === '') {
      endParagraph();
      i++;
      continue;
    }
    const heading = knownHeading(text);
    if (heading !== undefined) {
      endSection();
      current = { name: heading, line: line.number, paragraphs: [] };
      i++;
      continue;
    }
    if (isTableLine(text)) {
      endParagraph();
      i = readTable(lines, i, tables, findings);
      continue;
    }
    const titleLine = title === undefined && tables.length === 0 ? parseTitleLine(text, line.number) : undefined;
    if (titleLine) {
      endParagraph();
      title = titleLine;
      i++;
      continue;
    }
    if (looksLikeHeading(text) && nextIsContent(lines, i)) {
      endParagraph();
      endUnknownSection();
      unknownHeading = { line: line.number, heading: text, content: [] };
      i++;
      continue;
    }
    const keyValue = unknownHeading ? undefined : parseKeyValue(text);
    if (keyValue?.field !== undefined) {
      endParagraph();
      if (fields[keyValue.field]) {
        findings.push(warning(line.number, 'repeated-field', `${quote(keyValue.key)} given again; the first (line ${fields[keyValue.field]!.line}) is kept`));
      } else {
        fields[keyValue.field] = { line: line.number, value: keyValue.value };
      }
      i++;
      continue;
    }
    if (keyValue && current.name === 'billing') {
      endParagraph();
      findings.push(warning(line.number, 'unknown-field', `field ${quote(keyValue.key)} is not part of the template and is not stored: ${quote(keyValue.value)}`));
      i++;
      continue;
    }
    if (paragraph) paragraph.parts.push(text);
    else paragraph = { line: line.number, parts: [text] };
    i++;
  }
  endSection();

  for (const p of sections.summary?.paragraphs ?? []) {
    const found = payerList === undefined ? findPayerList(p.value) : undefined;
    if (found) payerList = { line: lineAt(p, found.index), value: found.list };
  }
  payerList ??= fields.payers;
  const clinical = sections.clinical;
  if (clinical) {
    const vignette: Located[] = [];
    for (const p of clinical.paragraphs) {
      const { before, phases } = splitWorkflows(p.value);
      if (before !== '') vignette.push({ line: p.line, value: before });
      for (const phase of WORKFLOW_PHASES) {
        const content = phases[phase];
        if (content !== undefined && workflows[phase] === undefined) {
          workflows[phase] = { line: lineAt(p, content.index), value: content.text };
        }
      }
    }
    sections.clinical = { line: clinical.line, paragraphs: vignette };
  }

  return { document: { title, sections, fields, tables, payerList, workflows }, findings };
}

/** True when a candidate heading line is followed (after blanks) by something other than a heading. */
function nextIsContent(lines: readonly Line[], index: number): boolean {
  for (let j = index + 1; j < lines.length; j++) {
    const text = lines[j]!.text;
    if (text !== '') return knownHeading(text) === undefined;
  }
  return false;
}

const HEADER_CELL = /^[A-Za-z][A-Za-z0-9 ./&()-]*$/;

/** A header row: followed by an alignment row, or naming a known table in words only. */
const startsTable = (lines: readonly Line[], index: number): boolean => {
  const text = lines[index]?.text ?? '';
  if (!isTableLine(text) || isAlignmentRow(text)) return false;
  if (isAlignmentRow(lines[index + 1]?.text ?? '')) return true;
  // Most table lines are data rows, whose first cell is a code: reject them before splitting.
  const first = text.replace(/^\|/, '').split('|', 1)[0]!.trim();
  if (!HEADER_CELL.test(first) || tableKind([first]) === undefined) return false;
  return splitCells(text).every((c) => HEADER_CELL.test(c));
};

/** Reads the table (or stray table lines) starting at `start`; returns the index after it. */
function readTable(lines: readonly Line[], start: number, tables: Table[], findings: Finding[]): number {
  if (!startsTable(lines, start)) {
    let i = start;
    while (i < lines.length && isTableLine(lines[i]!.text) && !startsTable(lines, i)) {
      const line = lines[i]!;
      if (!isAlignmentRow(line.text)) {
        findings.push(warning(line.number, 'row-outside-table', `table row without a header row is not stored: ${quote(line.raw)}`));
      }
      i++;
    }
    return i;
  }
  const headerLine = lines[start]!;
  const header = splitCells(headerLine.text);
  let i = start + 1;
  if (isAlignmentRow(lines[i]?.text ?? '')) i++;
  const rows: TableRow[] = [];
  while (i < lines.length && isTableLine(lines[i]!.text) && !startsTable(lines, i)) {
    const line = lines[i]!;
    i++;
    if (isAlignmentRow(line.text)) continue;
    const cells = splitCells(line.text, header.length);
    if (cells.length !== header.length) {
      findings.push(
        error(line.number, 'cell-count', `table row has ${cells.length} cells but its header (line ${headerLine.number}) has ${header.length}: ${quote(line.raw)}`),
      );
      continue;
    }
    rows.push({ line: line.number, text: line.raw, cells });
  }
  const kind = tableKind(header);
  if (kind === undefined) {
    const content = [headerLine.raw, ...rows.map((r) => r.text)].map((text) => quote(text)).join(' ');
    findings.push(warning(headerLine.number, 'unknown-table', `table is not one the template has and is not stored: ${content}`));
  } else {
    tables.push({ kind, line: headerLine.number, header, rows });
  }
  return i;
}
