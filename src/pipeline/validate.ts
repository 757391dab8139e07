/**
 * Stage 3, validate: the parsed structure becomes the typed document model. Here a value is
 * judged: the sentinel or an empty cell becomes `Unavailable` (with why), a missing section or
 * field becomes `Unavailable` (section absent / not stated), table columns are matched to fields
 * by their headers, and every code is checked against its format (through the zod schema).
 *
 * Pure: a ParsedDocument in, a DocumentModel (or nothing) and findings out.
 */
import type { z } from 'zod';
import { classifyCode } from '../domain/codes.js';
import { isSentinel, type UnavailableReason } from '../domain/unknowns.js';
import { error, quote, warning, type Finding } from './diagnostics.js';
import {
  documentSchema,
  LIST_ROW_SCHEMAS,
  type DocumentCandidate,
  type DocumentModel,
  type Unavailable,
} from './model.js';
import type { Located, ParsedDocument, SectionName, Table, TableKind } from './parse.js';

export interface ValidateResult {
  readonly model: DocumentModel | undefined;
  readonly findings: Finding[];
}

type ListField = TableKind;
type RowCandidate<K extends ListField> = z.input<(typeof LIST_ROW_SCHEMAS)[K]>;
type CellCandidate = string | Unavailable;

const unavailable = (reason: UnavailableReason, line: number | null): Unavailable => ({ unavailable: reason, line });

/** The field names of each table's columns after the code, and the header words that name them. */
const TABLE_COLUMNS = {
  modifiers: [
    ['description', /desc/],
    ['whenToUse', /when|use|guidance/],
  ],
  relatedCodes: [
    ['descriptor', /desc/],
    ['relationship', /relat/],
  ],
  diagnoses: [
    ['description', /desc/],
    ['clinicalRelevance', /relevan|clinical|rationale/],
  ],
  taxonomies: [
    ['specialty', /special|classif|desc/],
    ['notes', /note|comment/],
  ],
} as const satisfies Record<ListField, readonly (readonly [string, RegExp])[]>;

/** The section each table belongs to, which decides "section absent" when the table is missing. */
const TABLE_SECTION: Record<ListField, SectionName> = {
  modifiers: 'coding',
  taxonomies: 'coding',
  diagnoses: 'diagnoses',
  relatedCodes: 'relatedCodes',
};

const cell = (text: string | undefined, line: number): CellCandidate => {
  if (text === undefined || text === '') return unavailable('not stated', line);
  return isSentinel(text) ? unavailable('marked unavailable', line) : text;
};

/** Index of each field's column in a header, by the header's words; unmatched columns are reported. */
function matchColumns(table: Table, findings: Finding[]): Map<string, number> {
  const columns = TABLE_COLUMNS[table.kind];
  const header = table.header.map((h) => h.toLowerCase());
  const assigned = new Map<string, number>();
  for (const [field, pattern] of columns) {
    const index = header.findIndex((h, i) => i > 0 && ![...assigned.values()].includes(i) && pattern.test(h));
    if (index !== -1) assigned.set(field, index);
  }
  if (table.header.length === columns.length + 1) {
    columns.forEach(([field], i) => {
      if (!assigned.has(field) && ![...assigned.values()].includes(i + 1)) assigned.set(field, i + 1);
    });
  }
  table.header.forEach((name, index) => {
    if (index === 0 || [...assigned.values()].includes(index)) return;
    const values = table.rows.map((r) => quote(r.cells[index] ?? '', 80)).join(', ');
    findings.push(
      warning(table.line, 'unknown-column', `column ${quote(name)} is not part of the template and is not stored; its values: ${values || 'none'}`),
    );
  });
  return assigned;
}

function tableRows<K extends ListField>(
  kind: K,
  tables: readonly Table[],
  findings: Finding[],
): { rows: RowCandidate<K>[]; allSentinelLine: number | undefined } {
  const rows: RowCandidate<K>[] = [];
  let sentinelRows = 0;
  let firstSentinelLine: number | undefined;
  let totalRows = 0;
  for (const table of tables) {
    const columns = matchColumns(table, findings);
    for (const { line, text, cells } of table.rows) {
      totalRows++;
      if (cells.every(isSentinel)) {
        sentinelRows++;
        firstSentinelLine ??= line;
        continue;
      }
      const code = cells[0] ?? '';
      if (code === '' || isSentinel(code)) {
        findings.push(warning(line, 'row-without-code', `row has no code, so it cannot be stored: ${quote(text)}`));
        continue;
      }
      const fields = Object.fromEntries(
        TABLE_COLUMNS[kind].map(([field]) => {
          const index = columns.get(field);
          return [field, index === undefined ? unavailable('not stated', line) : cell(cells[index], line)];
        }),
      );
      rows.push({ line, source: text, code, ...fields } as RowCandidate<K>);
    }
  }
  const allSentinel = totalRows > 0 && sentinelRows === totalRows;
  if (!allSentinel && sentinelRows > 0) {
    findings.push(
      warning(firstSentinelLine ?? null, 'sentinel-row', `${sentinelRows} row(s) saying only "Data not available in the input." among known rows were skipped`),
    );
  }
  return { rows, allSentinelLine: allSentinel ? firstSentinelLine : undefined };
}

export function validateDocument(parsed: ParsedDocument): ValidateResult {
  const findings: Finding[] = [];
  const { title, sections, fields } = parsed;
  if (title === undefined) {
    return {
      model: undefined,
      findings: [error(1, 'missing-title', 'no title line: expected `CPT <code>: <title>` or `HCPCS <code>: <title>`')],
    };
  }

  /** Why a value of a section is missing: the section is absent, says only the sentinel, or just does not state it. */
  const missing = (section: SectionName, line: number | null = null): Unavailable => {
    const found = sections[section];
    if (!found) return unavailable('section absent', null);
    const sentinel = found.paragraphs.find((p) => isSentinel(p.value));
    if (sentinel) return unavailable('marked unavailable', sentinel.line);
    return unavailable('not stated', line ?? found.line);
  };
  const prose = (section: SectionName): CellCandidate => {
    const paragraphs = (sections[section]?.paragraphs ?? []).filter((p) => !isSentinel(p.value));
    if (paragraphs.length === 0) return missing(section);
    return paragraphs.map((p) => p.value).join('\n\n');
  };
  const stated = <T>(found: Located | undefined, section: SectionName, wrap: (f: Located) => T): T | Unavailable => {
    if (found === undefined) return missing(section);
    const value = cell(found.value, found.line);
    return typeof value === 'string' ? wrap({ line: found.line, value }) : value;
  };
  const list = <K extends ListField>(kind: K): RowCandidate<K>[] | Unavailable => {
    const tables = parsed.tables.filter((t) => t.kind === kind);
    if (tables.length === 0) return missing(TABLE_SECTION[kind]);
    if (tables.length > 1) {
      findings.push(warning(tables[1]!.line, 'repeated-table', `a second ${kind} table (first at line ${tables[0]!.line}); rows merged`));
    }
    const { rows, allSentinelLine } = tableRows(kind, tables, findings);
    return allSentinelLine === undefined ? rows : unavailable('marked unavailable', allSentinelLine);
  };

  for (const name of ['specifications', 'coding', 'diagnoses', 'relatedCodes'] as const) {
    for (const p of sections[name]?.paragraphs ?? []) {
      if (!isSentinel(p.value)) {
        findings.push(warning(p.line, 'unstored-text', `text where the template has only tables is not stored: ${quote(p.value)}`));
      }
    }
  }

  const candidate: DocumentCandidate = {
    code: title.code,
    titleLine: title.line,
    title: title.title === undefined ? unavailable('not stated', title.line) : cell(title.title, title.line),
    summary: prose('summary'),
    payers: stated(parsed.payerList, 'summary', (f) => f),
    billingOverview: prose('billing'),
    serviceType: stated(fields.serviceType, 'billing', (f) => f.value),
    sitesOfService: stated(fields.sitesOfService, 'billing', (f) => f),
    clinicalVignette: prose('clinical'),
    workflows: {
      preoperative: stated(parsed.workflows.preoperative, 'clinical', (f) => f.value),
      intraoperative: stated(parsed.workflows.intraoperative, 'clinical', (f) => f.value),
      postoperative: stated(parsed.workflows.postoperative, 'clinical', (f) => f.value),
    },
    modifiers: list('modifiers'),
    relatedCodes: list('relatedCodes'),
    diagnoses: list('diagnoses'),
    taxonomies: list('taxonomies'),
  };

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
      warning(title.line, 'title-system-mismatch', `the title line says ${title.system}, but ${result.data.code} is a ${system} code by its format; stored as ${system}`),
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
