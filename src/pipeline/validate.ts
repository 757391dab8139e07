/**
 * Stage 3, validate: the parsed structure becomes the typed document model. Here a value is
 * judged: the sentinel, a placeholder or an empty cell becomes `Unknown` (with why), a missing
 * section or field becomes `Unknown` (section absent / not stated), a code cell is read (the
 * add-on mark, a modifier's hyphen, several codes in one cell), and every code is checked against
 * its format (through the zod schema).
 *
 * Pure: a ParsedDocument in, a DocumentModel (or nothing) and findings out.
 */
import type { z } from 'zod';
import { canonicalCode, classifyCode, readAddOnMark, severalCodes, withoutModifierHyphen, withoutSystemName } from '../domain/codes.js';
import { entryFields, RECORD_FIELDS, STATED_FIELDS, type EntryField, type ListField, type StatedField } from '../domain/fields.js';
import { afterSentinel, isNone, isPlaceholder, isSentinel, type Unknown, type UnknownReason } from '../domain/unknowns.js';
import { error, quote, warning, type Finding } from './diagnostics.js';
import { documentSchema, LIST_ROW_SCHEMAS, type DocumentCandidate, type DocumentModel } from './model.js';
import type { NamesStatement, ParsedDocument } from './parse/document.js';
import type { SectionName } from './parse/headings.js';
import { joinTexts, type Located } from './parse/lines.js';
import type { Table, TableRow } from './parse/tables.js';

export interface ValidateResult {
  readonly model: DocumentModel | undefined;
  readonly findings: Finding[];
}

type RowCandidate<K extends ListField> = z.input<(typeof LIST_ROW_SCHEMAS)[K]>;
type CellCandidate = string | Unknown;

const unknownValue = (reason: UnknownReason, line: number | null): Unknown => ({ unknown: reason, line });

/** A code cell that may name several codes has one of these; most name one, and skip the reading. */
const SEPARATOR = /[,;/&\s\u2013\u2014-]/;

/** Whether a row says that its whole list is unknown (the sentinel, a placeholder in every cell) or empty (None). */
function rowSays(row: TableRow): 'sentinel' | 'placeholder' | 'none' | undefined {
  if (row.cells.every(isSentinel)) return 'sentinel';
  if (row.cells.every(isPlaceholder)) return 'placeholder';
  if (row.cells.every(isNone)) return 'none';
  return undefined;
}

export function validateDocument(parsed: ParsedDocument): ValidateResult {
  const findings: Finding[] = [];
  const { title, sections } = parsed;
  if (title === undefined) {
    const closest = parsed.closestToTitle;
    const expected = 'no title line: expected `CPT <code>: <title>` or `HCPCS <code>: <title>`';
    return {
      model: undefined,
      findings: [
        closest === undefined
          ? error(1, 'missing-title', expected)
          : error(closest.line, 'missing-title', `${expected}; the closest is line ${closest.line}: ${quote(closest.value)}`),
      ],
    };
  }
  /** A text as a value, or as unknown with why; each placeholder read as unknown is reported, naming what it stood for. */
  const value = (written: string | undefined, line: number, what: string | (() => string)): CellCandidate => {
    if (written === undefined || written === '') return unknownValue('not stated', line);
    if (isSentinel(written)) return unknownValue('sentinel', line);
    const text = withoutOpeningSentinel(written, line, what);
    if (isPlaceholder(text)) {
      findings.push(
        warning(
          line,
          'placeholder',
          `${typeof what === 'string' ? what : what()}: ${quote(text)} is a placeholder, not a value; stored as unknown`,
        ),
      );
      return unknownValue('placeholder', line);
    }
    return text;
  };

  /** A text that opens with the sentinel and then says more: the sentinel is not stored, and that is said. */
  const withoutOpeningSentinel = (text: string, line: number, what: string | (() => string)): string => {
    const rest = afterSentinel(text);
    if (rest === undefined || rest === '') return text;
    findings.push(
      warning(
        line,
        'sentinel-in-text',
        `${typeof what === 'string' ? what : what()}: opens with the sentinel, which is not stored: ${quote(text)}`,
      ),
    );
    return rest;
  };
  /** Why a value of a section is missing: the section is absent, says only the sentinel or a placeholder, or does not state it. */
  const missing = (section: SectionName, line: number | null = null, what: string = section): Unknown => {
    const found = sections[section];
    if (!found) return unknownValue('section absent', null);
    const sentinel = found.paragraphs.find((p) => isSentinel(p.value));
    if (sentinel) return unknownValue('sentinel', sentinel.line);
    const placeholder = found.paragraphs.find((p) => isPlaceholder(p.value));
    if (placeholder) return value(placeholder.value, placeholder.line, what) as Unknown;
    return unknownValue('not stated', line ?? found.line);
  };
  const prose = (section: SectionName, what: string): CellCandidate => {
    // A sentinel paragraph beside the section's text says its other fields are unknown (the payers, in the summary).
    const paragraphs = (sections[section]?.paragraphs ?? [])
      .filter((p) => !isSentinel(p.value) && !isPlaceholder(p.value))
      .map((p) => ({ line: p.line, value: withoutOpeningSentinel(p.value, p.line, what) }));
    if (paragraphs.length === 0) return missing(section, null, what);
    return joinTexts(paragraphs, (p) => p.value, '\n\n');
  };
  const stated = (found: Located | undefined, section: SectionName, what: string): CellCandidate =>
    found === undefined ? missing(section) : value(found.value, found.line, what);
  const statedNames = (found: NamesStatement | undefined, section: SectionName, what: string): Located[] | Unknown => {
    if (found === undefined) return missing(section);
    if (isNone(found.text)) return [];
    const whole = value(found.text, found.line, what);
    if (typeof whole !== 'string') return whole;
    // Only fillers (`etc.`): no item is named.
    if (found.items.length === 0) return unknownValue('not stated', found.line);
    return found.items.filter((item) => typeof value(item.value, item.line, `an item of ${what}`) === 'string');
  };
  const list = <K extends ListField>(kind: K): RowCandidate<K>[] | Unknown => {
    const tables = parsed.tables.filter((t): t is Table<K> => t.kind === kind);
    if (tables.length === 0) return missing(RECORD_FIELDS[kind].section);
    if (tables.length > 1) {
      findings.push(warning(tables[1]!.line, 'repeated-table', `a second ${kind} table (first at line ${tables[0]!.line}); rows merged`));
    }
    const first = tables.find((t) => t.rows.length > 0)?.rows[0];
    const whole = first && rowSays(first);
    if (first !== undefined && whole !== undefined && tables.every((t) => t.rows.every((row) => rowSays(row) === whole))) {
      if (whole === 'none') return [];
      if (whole === 'placeholder') return value(first.cells[0], first.line, kind) as Unknown;
      return unknownValue('sentinel', first.line);
    }
    const candidates: RowCandidate<K>[] = [];
    for (const table of tables) {
      for (const row of table.rows) {
        if (rowSays(row) === undefined) candidates.push(...tableRows(kind, table, row));
        else
          findings.push(
            warning(
              row.line,
              'sentinel-row',
              `a row that says only ${quote(row.cells[0] ?? '')}, among rows that name codes, is not stored: ${quote(row.text)}`,
            ),
          );
      }
    }
    return candidates;
  };

  /** One table row as the rows it stands for: one, one per code of a list of codes, or none. */
  const tableRows = <K extends ListField>(kind: K, table: Table<K>, row: TableRow): RowCandidate<K>[] => {
    const { line, text, cells } = row;
    const cell = withoutSystemName(cells[table.codeColumn] ?? '');
    if (cell === '' || isSentinel(cell) || isPlaceholder(cell)) {
      findings.push(warning(line, 'row-without-code', `row has no code, so it cannot be stored: ${quote(text)}`));
      return [];
    }
    const several = SEPARATOR.test(cell) ? severalCodes(cell) : undefined;
    if (several !== undefined && 'range' in several) {
      findings.push(
        warning(
          line,
          'code-range',
          `the range ${quote(cell)} is not stored: which codes between ${several.range[0]} and ${several.range[1]} ` +
            `exist is not in the document; row skipped: ${quote(text)}`,
        ),
      );
      return [];
    }
    const codes = several?.list ?? [cell];
    if (several !== undefined) {
      findings.push(
        warning(
          line,
          'code-list',
          `the cell ${quote(cell)} names ${codes.length} codes; stored as one row each, sharing the row's other cells: ${quote(text)}`,
        ),
      );
    }
    return codes.map((written) => {
      const { code, markedAddOn } = kind === 'relatedCodes' ? readAddOnMark(written) : { code: written, markedAddOn: false };
      const key = kind === 'modifiers' ? withoutModifierHyphen(code) : code;
      const candidate: Record<string, unknown> = { line, source: text, code: key };
      if (kind === 'relatedCodes') candidate.markedAddOn = markedAddOn;
      for (const field of entryFields(kind) as EntryField<K>[]) {
        const index = table.columns[field];
        candidate[field] =
          index === undefined
            ? unknownValue('not stated', line)
            : value(cells[index], line, () => `${kind}[${canonicalCode(key)}].${field}`);
      }
      return candidate as RowCandidate<K>;
    });
  };

  /** Each field the document states, read by its kind from where the template puts it. */
  const read = (field: StatedField): unknown => {
    const spec: (typeof RECORD_FIELDS)[StatedField] = RECORD_FIELDS[field];
    switch (spec.kind) {
      case 'text':
        if (spec.source === 'title line')
          return title.title === undefined ? unknownValue('not stated', title.line) : value(title.title, title.line, 'title');
        return stated(parsed.texts[field as keyof ParsedDocument['texts']], spec.section, field);
      case 'prose':
        return prose(spec.section, field);
      case 'names':
        return statedNames(parsed.names[field as keyof ParsedDocument['names']], spec.section, field);
      case 'workflow':
        return stated(parsed.workflows[spec.phase], spec.section, field);
      case 'list':
        return list(field as ListField);
    }
  };
  const candidate = {
    code: title.code,
    titleLine: title.line,
    markedAddOn: title.markedAddOn,
    ...Object.fromEntries(STATED_FIELDS.map((field) => [field, read(field)])),
  } as DocumentCandidate;

  const result = documentSchema.safeParse(candidate);
  if (!result.success) {
    for (const issue of reportableIssues(result.error.issues)) {
      findings.push(error(lineOf(candidate, issue.path), 'invalid-value', issue.message));
    }
    return { model: undefined, findings };
  }
  const system = classifyCode(result.data.code)?.system;
  if (system !== title.system) {
    findings.push(
      warning(
        title.line,
        'title-system-mismatch',
        `the title line says ${title.system}, but ${result.data.code} is a ${system} code by its format; stored as ${system}`,
      ),
    );
  }
  return { model: result.data, findings };
}

/**
 * Zod reports a failed `Known<T>` as "invalid union"; the useful issues are those of the branch
 * the value was meant for (the one that did not fail on its type at its root).
 */
function reportableIssues(issues: readonly z.core.$ZodIssue[], base: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code !== 'invalid_union') return [{ path, message: issue.message }];
    const meant = issue.errors.find((branch) => !branch.every((e) => e.code === 'invalid_type' && e.path.length === 0));
    return reportableIssues(meant ?? issue.errors[0] ?? [], path);
  });
}

/** The line of the innermost object on `path` that knows its line; the title line otherwise. */
function lineOf(candidate: DocumentCandidate, path: readonly PropertyKey[]): number {
  let node: unknown = candidate;
  let line = candidate.titleLine;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) break;
    node = (node as Record<PropertyKey, unknown>)[key];
    const nodeLine = (node as { line?: unknown } | null)?.line;
    if (typeof nodeLine === 'number') line = nodeLine;
  }
  return line;
}
