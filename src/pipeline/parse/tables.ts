/**
 * Pipe tables, GFM-like: with or without edge pipes, with or without an alignment row, `\|` for
 * a literal pipe, one directly after another, a blank line inside one when the next line goes on
 * with the same cells. A table's kind comes from all of its header words, the section it stands
 * in and the codes in it; its code column may be anywhere; its columns are matched to fields by
 * their header words.
 */
import {
  classifyCode,
  icd10Forms,
  MODIFIER_PATTERN,
  readAddOnMark,
  readNuccCode,
  severalCodes,
  withoutModifierHyphen,
  withoutSystemName,
} from '../../domain/codes.js';
import { entryFields, type EntryField, type ListField } from '../../domain/fields.js';
import { isNone, isPlaceholder, isSentinel } from '../../domain/unknowns.js';
import { error, quote, warning, type Finding } from '../diagnostics.js';
import { keyTargets, type KeyTarget, type SectionName } from './headings.js';
import { MARKDOWN_CHARACTER, plainText } from './inline.js';
import { joinTexts, type Line, type LineAccount } from './lines.js';

export type { ListField };

export interface TableRow {
  readonly line: number;
  /** The source line, for diagnostics that quote it. */
  readonly text: string;
  /** Plain text, one per header column. */
  readonly cells: readonly string[];
}

export interface Table<K extends ListField = ListField> {
  readonly kind: K;
  readonly line: number;
  readonly header: readonly string[];
  /** The column of each row's code. */
  readonly codeColumn: number;
  /** The column of each field the header names. */
  readonly columns: Partial<Record<EntryField<K>, number>>;
  readonly rows: readonly TableRow[];
}

const UNESCAPED_PIPE = /(?<!\\)\|/;
const ALIGNMENT_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$/;

export const isTableLine = (line: string): boolean => line.includes('|') && (!line.includes('\\') || UNESCAPED_PIPE.test(line));
export const isAlignmentRow = (line: string): boolean => line.includes('-') && ALIGNMENT_ROW.test(line);

/** The cells of a pipe-table row as written, without its edge pipes; `\|` is a literal pipe inside a cell. */
export function splitCells(line: string): string[] {
  if (line.includes('\\')) return withoutEdges(eachCell(line.split(/(?<!\\)\|/), (cell) => cell.replace(/\\\|/g, '|').trim()));
  // The common case, in one pass: a table line is split for every row.
  const cells: string[] = [];
  let start = 0;
  for (let pipe = line.indexOf('|'); pipe !== -1; pipe = line.indexOf('|', start)) {
    cells.push(line.slice(start, pipe).trim());
    start = pipe + 1;
  }
  cells.push(line.slice(start).trim());
  return withoutEdges(cells);
}

/**
 * `read` of each cell, in an array built by push. Every array of cells is built this way: an
 * optimized `map` makes arrays of another kind (holey), and each function that meets both kinds
 * is compiled again — several times over the first thousands of documents of every run.
 */
function eachCell(cells: readonly string[], read: (cell: string) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) out.push(read(cells[i]!));
  return out;
}

/** Cells without the empty ones an edge pipe makes. */
function withoutEdges(pieces: string[]): string[] {
  if (pieces.length > 1 && pieces[pieces.length - 1] === '') pieces.pop();
  if (pieces.length > 1 && pieces[0] === '') pieces.shift();
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// Headers

const headerWords = (cell: string): string => plainText(cell).replace(/[®™]/g, '').toLowerCase();

const CODE_HEADER = /\b(?:codes?|modifiers?|mods?|cpt|hcpcs|icd(?:-?10)?(?:-?cm)?|nucc|taxonomy)\b/;
const NOT_CODE_HEADER =
  /desc|meaning|definition|relevan|relationship|relation to|note|comment|when|\buse\b|usage|guidance|special|title|name/;
const namesCode = (header: string): boolean => CODE_HEADER.test(header) && !NOT_CODE_HEADER.test(header);

/** How strongly a header word must point to a kind to name it (`Modifier`, `ICD-10 Code`, `Taxonomy`). */
const STRONG_SIGN = 3;

/** Header words that point to a kind of table, with how strongly. */
const KIND_SIGNS: Record<ListField, readonly (readonly [RegExp, number])[]> = {
  modifiers: [
    [/\bmod(?:ifier)?s?\b/, 3],
    [/\bwhen\b|\busage\b|\bappl(?:y|ies)\b|guidance/, 1],
  ],
  taxonomies: [
    [/taxonom|nucc/, 3],
    [/special|provider type|classification/, 2],
  ],
  diagnoses: [
    [/\bicd|diagnos/, 3],
    [/relevan|indication|rationale/, 1],
  ],
  relatedCodes: [
    [/\bcpt\b|\bhcpcs\b|related code|procedure code/, 3],
    [/relationship|relation to|relates/, 1],
  ],
};

/** The kinds a section's tables usually are: a tie-breaker for headers like `Code | Description | Notes`. */
const SECTION_KINDS: Partial<Record<SectionName, readonly ListField[]>> = {
  coding: ['modifiers', 'taxonomies'],
  specifications: ['modifiers', 'taxonomies'],
  diagnoses: ['diagnoses', 'diagnoses'],
  relatedCodes: ['relatedCodes', 'relatedCodes'],
};

/** Whether a code cell is written the way each kind's codes are. */
const CODE_SHAPES: Record<ListField, (code: string) => boolean> = {
  modifiers: (code) => MODIFIER_PATTERN.test(withoutModifierHyphen(code).toUpperCase()),
  taxonomies: (code) => readNuccCode(withoutSystemName(code)) !== undefined,
  diagnoses: (code) => icd10Forms(withoutSystemName(code)) !== undefined,
  relatedCodes: (code) => classifyCode(readAddOnMark(withoutSystemName(code)).code.toUpperCase()) !== undefined,
};

/** Whether a code is written the way the codes of a kind of list are. */
export const fitsKind = (kind: ListField, code: string): boolean => CODE_SHAPES[kind](code);

const TABLE_KINDS = Object.keys(KIND_SIGNS) as ListField[];

type Scores = readonly { readonly kind: ListField; readonly score: number }[];

/** What a header row's words say, worked out once per header: headers repeat from document to document. */
interface HeaderReading {
  /** Each cell's words, plain and lower case. */
  readonly words: readonly string[];
  /** The first column whose header names a code, else -1. */
  readonly codeNamed: number;
  /** The score of each kind, by the section the table stands in. */
  readonly scores: Map<SectionName | undefined, Scores>;
  /** The columns for each kind of table. */
  readonly columns: Map<ListField, ColumnMatch<ListField>>;
}

const headerReadings = new Map<string, HeaderReading>();

function readingOf(header: readonly string[]): HeaderReading {
  const key = header.join('\u0000');
  let reading = headerReadings.get(key);
  if (reading === undefined) {
    const words = eachCell(header, headerWords);
    reading = { words, codeNamed: words.findIndex(namesCode), scores: new Map(), columns: new Map() };
    if (headerReadings.size > 1000) headerReadings.clear();
    headerReadings.set(key, reading);
  }
  return reading;
}

/** The score of each kind by a header's words and its section. */
function scoresOf({ words, scores: bySection }: HeaderReading, section: SectionName | undefined): Scores {
  let scores = bySection.get(section);
  if (scores === undefined) {
    scores = TABLE_KINDS.map((kind) => {
      const signs = KIND_SIGNS[kind].reduce((sum, [pattern, weight]) => (words.some((w) => pattern.test(w)) ? sum + weight : sum), 0);
      return { kind, score: signs + ((section && SECTION_KINDS[section]?.filter((k) => k === kind).length) ?? 0) };
    });
    bySection.set(section, scores);
  }
  return scores;
}

/** The kind that scores highest, if it scores above zero and above every other. */
function winner(scores: Scores): ListField | undefined {
  let best: Scores[number] | undefined;
  let tied = false;
  for (const entry of scores) {
    if (best === undefined || entry.score > best.score) [best, tied] = [entry, false];
    else if (entry.score === best.score) tied = true;
  }
  return best !== undefined && best.score > 0 && !tied ? best.kind : undefined;
}

/**
 * A table's kind: the one its header words, its section and the shape of its codes point to
 * most; undefined when none does, or two do equally.
 */
export function tableKind(header: readonly string[], section?: SectionName, codes: readonly string[] = []): ListField | undefined {
  return kindOf(readingOf(header), section, codes).kind;
}

/** A table's kind, and the kind its header and section named when its codes overruled them. */
interface KindReading {
  readonly kind: ListField | undefined;
  readonly overruled?: ListField;
}

function kindOf(reading: HeaderReading, section: SectionName | undefined, codes: readonly string[]): KindReading {
  const scores = scoresOf(reading, section);
  const byHeader = winner(scores);
  const known = codes.filter((c) => c !== '' && !isSentinel(c) && !isPlaceholder(c) && severalCodes(c) === undefined);
  if (known.length === 0) return { kind: byHeader };
  const shapedAs = (kind: ListField): number => known.filter(CODE_SHAPES[kind]).length;
  if (byHeader === undefined) {
    // The header and the section do not decide: the shape of the codes does.
    return {
      kind: winner(scores.map((entry) => (shapedAs(entry.kind) * 2 > known.length ? { ...entry, score: entry.score + 2 } : entry))),
    };
  }
  // A section (or a header's weak words) that points to a kind none of the codes is written as (a
  // related-codes table under a heading the template lacks, after the diagnoses): the codes say
  // what the rows are. A header that names its kind (`Taxonomy Code`) keeps it: its bad codes are errors.
  const named = scoresOf(reading, undefined).some((entry) => entry.kind === byHeader && entry.score >= STRONG_SIGN);
  if (named || shapedAs(byHeader) > 0) return { kind: byHeader };
  const shaped = TABLE_KINDS.filter((kind) => shapedAs(kind) * 2 > known.length);
  return shaped.length === 1 ? { kind: shaped[0], overruled: byHeader } : { kind: byHeader };
}

/** The header words that name each field of each kind of table. */
const FIELD_HEADERS = {
  modifiers: {
    description: /desc|meaning|definition|name/,
    whenToUse: /when|use|usage|guidance|appl|indication/,
  },
  relatedCodes: {
    descriptor: /desc|title|name|meaning/,
    relationship: /relat|why|usage|use|note|context/,
  },
  diagnoses: {
    description: /desc|condition|name|meaning/,
    clinicalRelevance: /relevan|clinical|rationale|indication|note|context/,
  },
  taxonomies: {
    specialty: /special|classif|desc|provider type|name/,
    notes: /note|comment|role|relevan|context/,
  },
} as const satisfies { [K in ListField]: Record<EntryField<K>, RegExp> };

type ColumnMatch<K extends ListField> = {
  codeColumn: number;
  columns: Partial<Record<EntryField<K>, number>>;
  /** The columns the template does not have. */
  unknown: readonly number[];
};

function matchColumns<K extends ListField>(kind: K, { words, columns: byKind }: HeaderReading): ColumnMatch<K> {
  let match = byKind.get(kind);
  if (match === undefined) {
    match = matchHeader(kind, words);
    byKind.set(kind, match);
  }
  return match as ColumnMatch<K>;
}

/** The code column (the first header that names a code, else the first), and each field's column, by the header's words. */
function matchHeader<K extends ListField>(kind: K, words: readonly string[]): ColumnMatch<K> {
  const candidates = words.flatMap((w, i) => (namesCode(w) ? [i] : []));
  const codeColumn = candidates.find((i) => /\bcodes?\b/.test(words[i]!)) ?? candidates[0] ?? 0;
  const fields = entryFields(kind);
  const patterns = FIELD_HEADERS[kind] as Record<EntryField<K>, RegExp>;
  const columns: Partial<Record<EntryField<K>, number>> = {};
  const taken = new Set([codeColumn]);
  for (const field of fields) {
    const index = words.findIndex((w, i) => !taken.has(i) && patterns[field].test(w));
    if (index !== -1) {
      columns[field] = index;
      taken.add(index);
    }
  }
  // A header of exactly the code and the fields, in words it does not know: the fields in order.
  if (words.length === fields.length + 1) {
    const free = words.map((_, i) => i).filter((i) => !taken.has(i));
    for (const field of fields) if (columns[field] === undefined) columns[field] = free.shift();
  }
  const used = new Set<number>([codeColumn, ...Object.values<number | undefined>(columns).filter((c): c is number => c !== undefined)]);
  return { codeColumn, columns, unknown: words.map((_, i) => i).filter((i) => !used.has(i)) };
}

const HEADER_CELL = /^[A-Za-z][A-Za-z0-9 ./&()®™-]{0,39}$/;

/**
 * A header row: made of header words only, one of them naming a code, or followed by an alignment
 * row — outside a table; inside one, a row followed by a row of dashes is a row unless it is made
 * of header words.
 */
export function startsTable(lines: readonly Line[], index: number, insideTable = false, cells?: readonly string[]): boolean {
  // A row with a long cell is a data row: most rows are, and are told apart here.
  if (cells?.some((c) => c.length > HEADER_CELL_MAX_WRITTEN)) return false;
  const text = lines[index]?.text ?? '';
  if (!isTableLine(text) || isAlignmentRow(text)) return false;
  if (!insideTable && isAlignmentRow(lines[alignmentIndex(lines, index + 1)]?.text ?? '')) return true;
  // Most table lines are data rows, whose first cell is a code or whose cells are long: reject them before reading every cell.
  const from = text.startsWith('|') ? 1 : 0;
  const to = text.indexOf('|', from);
  const first = plainText(text.slice(from, to === -1 ? undefined : to).trim());
  if (!isHeaderCell(first)) return false;
  const written = cells ?? splitCells(text);
  if (written.some((c) => c.length > HEADER_CELL_MAX_WRITTEN)) return false;
  const plain: string[] = [];
  for (const cell of written) {
    const words = plainText(cell);
    if (!isHeaderCell(words)) return false;
    plain.push(words);
  }
  return (insideTable && isAlignmentRow(lines[index + 1]?.text ?? '')) || plain.some((c) => namesCode(headerWords(c)));
}

/** A header cell's most characters as written, emphasis included. */
const HEADER_CELL_MAX_WRITTEN = 48;

/** Words that head a column: a few, no code among them (`Modifier XS` is a row's cell). */
const isHeaderCell = (cell: string): boolean => {
  if (!HEADER_CELL.test(cell)) return false;
  const words = cell.split(' ');
  if (words.length > 5) return false;
  // Billing and ICD-10 codes have a digit; a cell without one can only hold a modifier like `LT`.
  const digits = /\d/.test(cell);
  for (const w of words) {
    if (MODIFIER_PATTERN.test(w)) return false;
    if (digits && (classifyCode(w) !== undefined || (/\d/.test(w) && icd10Forms(w) !== undefined))) return false;
  }
  return true;
};

// ---------------------------------------------------------------------------------------------
// Rows

/** A cell that says the whole row is unknown (or, for None, that there is nothing): the sentinel, a placeholder, None. */
const saysNothing = (cell: string): boolean => isSentinel(cell) || isPlaceholder(cell) || isNone(cell);

/**
 * A row's cells, as wide as its header. A row that says only the sentinel (or a placeholder) in
 * fewer cells is that row in every cell; another short row gets empty cells at its end, and a
 * warning, since which of its columns is missing is a guess.
 */
function rowCells(
  line: Line,
  written: readonly string[],
  header: readonly string[],
  headerLine: number,
  findings: Finding[],
): string[] | undefined {
  const cells = MARKDOWN_CHARACTER.test(line.text) ? eachCell(written, plainText) : (written as string[]);
  if (cells.length > header.length) {
    findings.push(
      error(
        line.number,
        'cell-count',
        `table row has ${cells.length} cells but its header (line ${headerLine}) has ${header.length}: ${quote(line.raw)}`,
      ),
    );
    return undefined;
  }
  if (cells.length === header.length) return cells;
  const said = cells.filter((c) => c !== '');
  if (said.length > 0 && said.every((c) => saysNothing(c) && c === said[0])) return eachCell(header, () => said[0]!);
  const missing = joinTexts(header.slice(cells.length), (h) => quote(h), ', ');
  findings.push(
    warning(
      line.number,
      'short-row',
      `table row has ${cells.length} cells but its header (line ${headerLine}) has ${header.length}; ` +
        `${missing} read as not stated: ${quote(line.raw)}`,
    ),
  );
  return [...cells, ...header.slice(cells.length).map(() => '')];
}

/** The next non-blank line after `index` continues the table: a row of the same width, not a new header. */
function continuesAfterBlank(lines: readonly Line[], index: number, width: number): number | undefined {
  let next = index;
  while (next < lines.length && lines[next]!.text === '') next++;
  const text = lines[next]?.text ?? '';
  if (next === index || !isTableLine(text) || isAlignmentRow(text)) return undefined;
  const cells = splitCells(text);
  return cells.length === width && !startsTable(lines, next, true, cells) ? next : undefined;
}

/** A row of a table of the template's fields: a key, what it names, and its value. */
export interface TableField {
  readonly key: string;
  readonly target: KeyTarget;
  readonly line: number;
  readonly value: string;
}

export interface TableReading {
  /** The table, unless it is not one the template has (then reported). */
  readonly table: Table | undefined;
  /** A table of the template's fields, a key and its value in each row; the caller stores (and accounts for) them. */
  readonly fields?: readonly TableField[];
  /** The index of the first line after it. */
  readonly next: number;
  /** What became of each of its lines. */
  readonly accounts: LineAccount[];
  readonly findings: Finding[];
}

/** Where a header row's alignment row would be: the next line, past blank lines (some generators put one between). */
function alignmentIndex(lines: readonly Line[], from: number): number {
  let index = from;
  while (index < lines.length && lines[index]!.text === '') index++;
  return index;
}

/** Reads the table (or stray table lines) starting at `start`, in the section it stands in. */
export function readTable(lines: readonly Line[], start: number, section: SectionName | undefined): TableReading {
  const findings: Finding[] = [];
  const accounts: LineAccount[] = [];
  if (!startsTable(lines, start)) {
    let i = start;
    while (i < lines.length && isTableLine(lines[i]!.text) && !startsTable(lines, i)) {
      const line = lines[i]!;
      if (isAlignmentRow(line.text)) {
        accounts.push({ line: line.number, use: 'structure', what: 'alignment row' });
      } else {
        findings.push(warning(line.number, 'row-outside-table', `table row without a header row is not stored: ${quote(line.raw)}`));
        accounts.push({ line: line.number, use: 'reported', what: 'row-outside-table' });
      }
      i++;
    }
    return { table: undefined, next: i, accounts, findings };
  }
  const headerLine = lines[start]!;
  const header = eachCell(splitCells(headerLine.text), plainText);
  const structure: LineAccount[] = [{ line: headerLine.number, use: 'structure', what: 'table header' }];
  let i = start + 1;
  const alignment = alignmentIndex(lines, i);
  if (isAlignmentRow(lines[alignment]?.text ?? '')) {
    structure.push({ line: lines[alignment]!.number, use: 'structure', what: 'alignment row' });
    i = alignment + 1;
  }
  const rows: TableRow[] = [];
  const rowFindings: Finding[] = [];
  const rejected: LineAccount[] = [];
  for (;;) {
    if (i < lines.length && lines[i]!.text === '') {
      const next = continuesAfterBlank(lines, i, header.length);
      if (next === undefined) break;
      i = next;
    }
    if (i >= lines.length || !isTableLine(lines[i]!.text)) break;
    const written = splitCells(lines[i]!.text);
    if (startsTable(lines, i, true, written)) break;
    const line = lines[i++]!;
    const cells = rowCells(line, written, header, headerLine.number, rowFindings);
    if (cells === undefined) rejected.push({ line: line.number, use: 'reported', what: 'cell-count' });
    else rows.push({ line: line.number, text: line.raw, cells });
  }
  const reading = readingOf(header);
  const probeColumn = Math.max(reading.codeNamed, 0);
  const codes = rows.map((r) => r.cells[probeColumn] ?? '');
  const { kind, overruled } = kindOf(reading, section, codes);
  if (overruled !== undefined && kind !== undefined) {
    const written = joinTexts(codes.slice(0, 3), (c) => quote(c), ', ');
    findings.push(
      warning(
        headerLine.number,
        'table-kind',
        `table ${quote(headerLine.raw)} stands where ${overruled} tables do, ` +
          `but its codes (${written}) are written as ${kind} codes are; read as ${kind}`,
      ),
    );
  }
  findings.push(...rowFindings);
  accounts.push(...rejected);
  const across = kind === undefined && rows.length === 1 ? keyTargets(header) : [];
  if (across.length > 0 && across.every((t) => t !== undefined)) {
    // `| Service type | Typical site of service |` then one row of their values: the fields, written across.
    accounts.push(...structure);
    const fields = header.map((key, index) => ({ key, target: across[index]!, line: rows[0]!.line, value: rows[0]!.cells[index] ?? '' }));
    return { table: undefined, fields, next: i, accounts, findings };
  }
  const targets = kind === undefined && header.length === 2 ? keyTargets(rows.map((r) => r.cells[0]!)) : [];
  if (targets.filter((t) => t !== undefined).length * 2 > rows.length) {
    // `| Field | Value |` then `| Service type | Surgical |`: the template's fields, written as a
    // table; a row the template has no field for is reported.
    accounts.push(...structure);
    const fields: TableField[] = [];
    rows.forEach((r, index) => {
      const target = targets[index];
      if (target !== undefined) fields.push({ key: r.cells[0]!, target, line: r.line, value: r.cells[1]! });
      else {
        findings.push(
          warning(r.line, 'unknown-field', `field ${quote(r.cells[0]!)} is not part of the template and is not stored: ${quote(r.text)}`),
        );
        accounts.push({ line: r.line, use: 'reported', what: 'unknown-field' });
      }
    });
    return { table: undefined, fields, next: i, accounts, findings };
  }
  if (kind === undefined) {
    const content = `${quote(headerLine.raw)}${joinTexts(rows, (r) => ` ${quote(r.text)}`, '')}`;
    findings.push(warning(headerLine.number, 'unknown-table', `table is not one the template has and is not stored: ${content}`));
    accounts.push({ line: headerLine.number, use: 'reported', what: 'unknown-table' }, ...structure.slice(1));
    for (const row of rows) accounts.push({ line: row.line, use: 'reported', what: 'unknown-table' });
    return { table: undefined, next: i, accounts, findings };
  }
  const { codeColumn, columns, unknown } = matchColumns(kind, reading);
  for (const index of unknown) {
    const name = header[index]!;
    const values = joinTexts(rows, (r) => quote(r.cells[index] ?? '', 80), ', ');
    findings.push(
      warning(
        headerLine.number,
        'unknown-column',
        `column ${quote(name)} is not part of the template and is not stored; its values: ${values || 'none'}`,
      ),
    );
  }
  accounts.push(...structure);
  for (const row of rows) accounts.push({ line: row.line, use: 'value', what: kind });
  return { table: { kind, line: headerLine.number, header, codeColumn, columns, rows }, next: i, accounts, findings };
}
