/**
 * List entries written as lines where the template has tables: `25 — Significant, separately
 * identifiable E/M service: when a procedure is done the same day`, `E11.42: Type 2 diabetes… —
 * new complaint`, `Modifier 59 (Distinct procedural service) – when…`, one per list item or line.
 * Each such line is a table row: its code, then the entry's fields in the order a table gives them,
 * cut at the first dash or colon between them. A line is read as an entry only when its code is
 * written as the codes of one kind the section holds are; the others stay the section's text.
 */
import { entryFields, type EntryField, type ListField } from '../../domain/fields.js';
import type { SectionName } from './headings.js';
import type { Located } from './lines.js';
import { fitsKind, type Table, type TableRow } from './tables.js';

/** The kinds of list each section's entries may be. */
const SECTION_ENTRY_KINDS: Partial<Record<SectionName, readonly ListField[]>> = {
  specifications: ['modifiers', 'taxonomies'],
  coding: ['modifiers', 'taxonomies'],
  diagnoses: ['diagnoses'],
  relatedCodes: ['relatedCodes'],
};

/**
 * `[system name] code [(first field)] separator rest`: the separator a colon, a spaced hyphen, an en
 * or em dash, or a pipe.
 */
const SYSTEM_NAME = String.raw`(?:(?:modifier|mod\.?|cpt|hcpcs|icd-?10(?:-?cm)?|nucc|taxonomy)(?:\s+code)?\s*®?\s+)?`;
const ENTRY_LINE = new RegExp(
  String.raw`^(${SYSTEM_NAME}[+\u2013\u2014-]?\s*[0-9A-Za-z][0-9A-Za-z.]{1,9})` +
    String.raw`(?:\s*\(([^()]+)\))?(?:\s*(?::|\u2013|\u2014|\|)\s*|\s+-\s+)(.*\S)$`,
  'i',
);
const FIELD_SEPARATOR = /\s[\u2013\u2014-]\s|:\s|\s\|\s/;

export interface EntryLine {
  readonly code: string;
  /** The entry's fields as cells, in the order of the kind's fields. */
  readonly fields: readonly string[];
}

/** One line read as an entry: its code as written and its fields' texts, or undefined for another line. */
export function readEntryLine(text: string): EntryLine | undefined {
  const match = ENTRY_LINE.exec(text);
  if (!match) return undefined;
  const [, code = '', parenthetical, rest = ''] = match;
  if (parenthetical !== undefined) return { code, fields: [parenthetical.trim(), rest] };
  const cut = FIELD_SEPARATOR.exec(rest);
  return { code, fields: cut === null ? [rest] : [rest.slice(0, cut.index).trim(), rest.slice(cut.index + cut[0].length).trim()] };
}

/** The columns of a table written as the code, then each field in order. */
export const columnsInOrder = <K extends ListField>(fields: readonly EntryField<K>[]): Partial<Record<EntryField<K>, number>> =>
  Object.fromEntries(fields.map((field, i) => [field, i + 1])) as Partial<Record<EntryField<K>, number>>;

/**
 * The lines of a section's paragraph that are entries, as one table for each run of entries of
 * one kind, and the lines that are not.
 */
export function entriesOf(lines: readonly Located[], section: SectionName): { tables: Table[]; rest: Located[] } {
  const kinds = SECTION_ENTRY_KINDS[section] ?? [];
  const tables: Table[] = [];
  const rest: Located[] = [];
  let run: { kind: ListField; rows: TableRow[] } | undefined;
  const endRun = (): void => {
    if (run === undefined) return;
    const fields = entryFields(run.kind);
    tables.push({
      kind: run.kind,
      line: run.rows[0]!.line,
      header: ['Code', ...fields],
      codeColumn: 0,
      columns: columnsInOrder(fields),
      rows: run.rows,
    });
    run = undefined;
  };
  for (const line of lines) {
    const entry = readEntryLine(line.value);
    const fitting = entry === undefined ? [] : kinds.filter((kind) => fitsKind(kind, entry.code));
    if (entry === undefined || fitting.length !== 1) {
      endRun();
      rest.push(line);
      continue;
    }
    const kind = fitting[0]!;
    if (run?.kind !== kind) endRun();
    run ??= { kind, rows: [] };
    // A field the line does not give is not stated, as in a table's short row.
    run.rows.push({ line: line.line, text: line.value, cells: [entry.code, ...entry.fields] });
  }
  endRun();
  return { tables, rest };
}
