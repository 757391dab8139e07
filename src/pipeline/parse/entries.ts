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
const CODE = String.raw`${SYSTEM_NAME}[+\u2013\u2014-]?\s*[0-9A-Za-z][0-9A-Za-z.]{1,9}`;
const ENTRY_LINE = new RegExp(String.raw`^(${CODE})(?:\s*\(([^()]+)\))?(?:\s*(?::|\u2013|\u2014|\|)\s*|\s+-\s+)(.*\S)$`, 'i');
/** A code alone on its line, its fields labelled on the lines after it (`- G0438` then `  - Descriptor: …`). */
const CODE_ALONE = new RegExp(String.raw`^(${CODE})$`, 'i');
/** A code and its first field with no separator, when a labelled field follows (`-59 Distinct service — when to use: …`). */
const CODE_THEN_WORDS = new RegExp(String.raw`^(${CODE})\s+(.*\S)$`, 'i');
/** The first field, then the code in parentheses (`Emergency Medicine (207P00000X) — primary billing specialty`). */
const NAME_THEN_CODE = /^([^()]+?)\s*\(([0-9A-Za-z][0-9A-Za-z.]{1,9})\)(?:\s*(?::|\u2013|\u2014|\|)\s*|\s+-\s+)?(.*)$/;
const FIELD_SEPARATOR = /\s[\u2013\u2014-]\s|:\s|\s\|\s/;

/** The words that label an entry's first field (`Description:`) and its second (`When to use:`, `Relevance:`, `Notes:`). */
const FIRST_LABEL = String.raw`description|descriptor|meaning|name|specialty|title`;
const SECOND_LABEL = String.raw`when to use|use when|usage|clinical relevance|relevance|relationship|rationale|indication|notes?|comments?`;
const LABEL_LINE = new RegExp(String.raw`^(?:(${FIRST_LABEL})|(${SECOND_LABEL}))\s*:\s*(.*\S)$`, 'i');
/** A label inside a line, after the first field: `… plan of care. When to use: Required …`, `… — when to use: …`. */
const SECOND_LABEL_INSIDE = new RegExp(String.raw`(?:[.;,]?\s+[\u2013\u2014-]\s+|[.;,]?\s+)(?:${SECOND_LABEL})\s*:\s*`, 'i');
const FIRST_LABEL_LEADING = new RegExp(String.raw`^(?:${FIRST_LABEL})\s*:\s*`, 'i');
const SECOND_LABEL_LEADING = new RegExp(String.raw`^(?:${SECOND_LABEL})\s*:\s*`, 'i');

export interface EntryLine {
  readonly code: string;
  /** The entry's fields as cells, in the order of the kind's fields. */
  readonly fields: readonly string[];
}

/** The fields of what follows an entry's code: cut at a label, else at the first dash or colon. */
function fieldsOf(rest: string): string[] {
  const text = rest.replace(FIRST_LABEL_LEADING, '');
  const labelled = SECOND_LABEL_INSIDE.exec(text);
  if (labelled !== null) return [text.slice(0, labelled.index).trim(), text.slice(labelled.index + labelled[0].length).trim()];
  const cut = FIELD_SEPARATOR.exec(text);
  return cut === null ? [text] : [text.slice(0, cut.index).trim(), text.slice(cut.index + cut[0].length).trim()];
}

/** One line read as an entry: its code as written and its fields' texts, or undefined for another line. */
export function readEntryLine(text: string): EntryLine | undefined {
  const alone = CODE_ALONE.exec(text);
  if (alone) return { code: alone[1]!, fields: [] };
  const match = ENTRY_LINE.exec(text);
  if (!match) {
    const words = CODE_THEN_WORDS.exec(text);
    if (words && SECOND_LABEL_INSIDE.test(words[2]!)) return { code: words[1]!, fields: fieldsOf(words[2]!) };
    const named = NAME_THEN_CODE.exec(text);
    return named ? { code: named[2]!, fields: named[3] ? [named[1]!.trim(), named[3].trim()] : [named[1]!.trim()] } : undefined;
  }
  const [, code = '', parenthetical, rest = ''] = match;
  if (parenthetical !== undefined) return { code, fields: [parenthetical.trim(), rest.replace(SECOND_LABEL_LEADING, '')] };
  return { code, fields: fieldsOf(rest) };
}

/** A line that gives one field of the entry before it, by its label: the field's place (0 or 1) and its text. */
export function readLabelLine(text: string): { readonly place: number; readonly text: string } | undefined {
  const match = LABEL_LINE.exec(text);
  return match ? { place: match[1] !== undefined ? 0 : 1, text: match[3]! } : undefined;
}

/** The kinds of list among `kinds` whose codes are written as the entry's is. */
const fittingKinds = (kinds: readonly ListField[], entry: EntryLine | undefined): ListField[] =>
  entry === undefined ? [] : kinds.filter((kind) => fitsKind(kind, entry.code));

/** The columns of a table written as the code, then each field in order. */
export const columnsInOrder = <K extends ListField>(fields: readonly EntryField<K>[]): Partial<Record<EntryField<K>, number>> =>
  Object.fromEntries(fields.map((field, i) => [field, i + 1])) as Partial<Record<EntryField<K>, number>>;

/**
 * The lines of a section's paragraph that are entries (or label one's fields), as one table for
 * each run of entries of one kind, and the lines that are not.
 */
export interface Entries {
  /** A table for each run of entries of one kind. */
  readonly tables: Table[];
  /** The lines that are not entries. */
  readonly rest: Located[];
  /** The lines read as entries or their fields, with the kind of each. */
  readonly used: Located<ListField>[];
}

export function entriesOf(lines: readonly Located[], section: SectionName): Entries {
  const kinds = SECTION_ENTRY_KINDS[section] ?? [];
  const tables: Table[] = [];
  const rest: Located[] = [];
  /** The lines read as entries or their fields. */
  const used: Located<ListField>[] = [];
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
    const label = run === undefined ? undefined : readLabelLine(line.value);
    if (label !== undefined && run !== undefined) {
      // A labelled field on its own line (a sub-item) belongs to the entry before it.
      const last = run.rows[run.rows.length - 1]!;
      const cells = [...last.cells];
      cells[label.place + 1] = label.text;
      run.rows[run.rows.length - 1] = { ...last, text: `${last.text}\n${line.value}`, cells };
      used.push({ line: line.line, value: run.kind });
      continue;
    }
    // Entries one after another on one line, between semicolons (`RT (right side) - use when …; LT (left side) - …`).
    const segments = line.value.includes(';') ? line.value.split(/;\s+/).map(readEntryLine) : [];
    if (segments.length > 1 && segments.every((entry) => fittingKinds(kinds, entry).length === 1)) {
      for (const entry of segments as EntryLine[]) {
        const kind = fittingKinds(kinds, entry)[0]!;
        if (run?.kind !== kind) endRun();
        run ??= { kind, rows: [] };
        run.rows.push({ line: line.line, text: line.value, cells: [entry.code, ...entry.fields] });
      }
      used.push({ line: line.line, value: run!.kind });
      continue;
    }
    const entry = readEntryLine(line.value);
    const fitting = fittingKinds(kinds, entry);
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
    used.push({ line: line.line, value: kind });
  }
  endRun();
  return { tables, rest, used };
}
