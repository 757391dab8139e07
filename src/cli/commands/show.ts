import { openCodebook } from '../../access/codebook.js';
import type { CodeNarrative } from '../../access/narrative.js';
import { CODE_RECORD_FIELDS, recordJson, type CodeRecord } from '../../access/record.js';
import {
  entryFields,
  LIST_FIELDS,
  PROSE_FIELDS,
  RECORD_FIELDS,
  WORKFLOW_FIELDS,
  type NamesField,
  type TextField,
} from '../../domain/fields.js';
import { escapeControlCharacters } from '../../domain/terminal.js';
import { requireDatabase } from '../database.js';
import { CliError } from '../failure.js';
import type { CliIO } from '../io.js';

const UNKNOWN = '(unknown)';

const value = (text: string | null): string => text ?? UNKNOWN;

function list<T>(title: string, items: readonly T[], unknown: boolean, line: (item: T) => string): string[] {
  if (unknown) return [`${title}: unknown`];
  if (items.length === 0) return [`${title}: none`];
  return [`${title} (${items.length}):`, ...items.map((item) => `  ${line(item)}`)];
}

/** A titled block of prose, one indented line per paragraph. */
const prose = (title: string, text: string | null): string[] => [
  `${title}:`,
  ...value(text)
    .split(/\n+/)
    .map((paragraph) => `  ${paragraph}`),
];

/** `Label:` padded, so the values of a record's short fields line up. */
const labelled = (label: string, text: string): string => `${`${label}:`.padEnd(18)}${text}`;

/**
 * A record for a person to read, field by field (src/domain/fields.ts): unknown values say so,
 * and "none" is never shown for unknown. Each line is escaped, so text from a document cannot
 * drive the terminal.
 */
function renderRecord(record: CodeRecord, narrative: CodeNarrative | undefined): string {
  const unknown = new Set<string>(record.unknown);
  const shortFields = CODE_RECORD_FIELDS.flatMap((field) => {
    const spec = RECORD_FIELDS[field];
    if (spec.kind === 'text') return field === 'title' ? [] : [labelled(spec.label, value(record[field as TextField]))];
    if (spec.kind === 'names')
      return [labelled(spec.label, unknown.has(field) ? UNKNOWN : record[field as NamesField].join('; ') || 'none')];
    return [];
  });
  const lists = LIST_FIELDS.flatMap((field) =>
    list(RECORD_FIELDS[field].label, record[field] as unknown as Record<string, string | null>[], unknown.has(field), (entry) =>
      [
        entry.code,
        entryFields(field)
          .map((f) => value(entry[f]!))
          .join(' — '),
      ].join('  '),
    ),
  );
  const lines = [`${record.codeSystem} ${record.code}: ${value(record.title)}`, ...shortFields, '', ...lists];
  if (narrative) {
    const phases = new Map(narrative.workflows.map((w) => [w.phase, w.description]));
    lines.push(
      '',
      ...PROSE_FIELDS.flatMap((field) => prose(RECORD_FIELDS[field].label, narrative[field])),
      ...WORKFLOW_FIELDS.flatMap((field) => prose(RECORD_FIELDS[field].label, phases.get(RECORD_FIELDS[field].phase) ?? null)),
    );
  }
  lines.push(
    '',
    `Unknown: ${record.unknown.join(', ') || 'nothing'}`,
    ...record.sources.map((s) => `Source: ${s.path} (sha256 ${s.sha256})`),
  );
  return `${lines.map(escapeControlCharacters).join('\n')}\n`;
}

export function showCommand(io: CliIO, code: string, options: { db: string; json?: boolean }): void {
  const codebook = openCodebook(requireDatabase(options.db));
  try {
    const record = codebook.getCode(code);
    if (!record) {
      const listers = codebook.relatedTo(code, { direction: 'in' }).map((r) => r.relatedCode);
      const hint = listers.length > 0 ? `; it is listed as related by ${listers.join(', ')}` : '';
      throw new CliError(`no document describes code ${code.trim().toUpperCase()} in ${options.db}${hint}`);
    }
    io.stdout.write(options.json ? recordJson(record) : renderRecord(record, codebook.getNarrative(code)));
  } finally {
    codebook.close();
  }
}
