/**
 * `codebook diff OLD.db NEW.db`: the difference between two releases (src/access/diff.ts), as a
 * table for a terminal, Markdown for a pull request, or JSON. Exit status as diff(1): 0 the same,
 * 1 different, 2 trouble.
 */
import { diffCodebooks, isSame, type CodebookDiff, type DiffSide, type DiffValue, type FieldChange } from '../../access/diff.js';
import { escapeControlCharacters } from '../../domain/terminal.js';
import { counted } from '../../domain/wording.js';
import { requireDatabase } from '../database.js';
import { reportFailure } from '../failure.js';
import type { CliIO } from '../io.js';
import type { DiffFormat } from '../../access/output-formats.js';

/** diff(1)'s exit status for trouble: neither the same nor different could be said. */
export const EXIT_TROUBLE = 2;

/** A value as text: a text quoted, an entry as its code and fields, a list as its items; `missing` where there is none. */
function valueText(value: DiffValue, missing: string): string {
  if (value === null) return missing;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map((item) => valueText(item, missing)).join('; ');
  const entry = value as Exclude<DiffValue, string | readonly unknown[] | null>;
  const { code, ...fields } = entry;
  return [code, ...Object.values(fields).map((f) => (f === null ? '(unknown)' : JSON.stringify(f)))].join(' — ');
}

/** Where in a record a change is: `title`, `payers[Cigna]`, `modifiers[76].description`. */
const fieldLabel = (change: FieldChange): string =>
  `${change.field}${change.key === null ? '' : `[${change.key}]`}${change.entryField === null ? '' : `.${change.entryField}`}`;

/** The old and new side of a change as text: an absent item is `(absent)`, an unknown value `(unknown)`. */
const sidesOf = (change: { change: string; old: DiffValue; new: DiffValue }): [string, string] => [
  valueText(change.old, change.change === 'added' ? '(absent)' : '(unknown)'),
  valueText(change.new, change.change === 'removed' ? '(absent)' : '(unknown)'),
];

const counts = ({ summary: s }: CodebookDiff): string =>
  `${s.added} added, ${s.removed} removed, ${s.changed} changed, ${s.unchanged} unchanged; ` +
  `${s.catalogValuesChanged} catalog value${s.catalogValuesChanged === 1 ? '' : 's'} changed`;

const sideText = (side: DiffSide): string => {
  const migrated = side.migrated > 0 ? `; read through ${counted(side.migrated, 'migration')} in memory` : '';
  return `${side.path} (edition ${side.edition ?? 'unknown: no manifest'}${migrated})`;
};

function renderTable(diff: CodebookDiff): string {
  const lines = [`old: ${sideText(diff.old)}`, `new: ${sideText(diff.new)}`, counts(diff)];
  const titled = (what: string, c: { code: string; title: string | null }) => `${what} ${c.code}: ${c.title ?? '(title unknown)'}`;
  if (diff.added.length + diff.removed.length > 0)
    lines.push('', ...diff.added.map((c) => titled('added', c)), ...diff.removed.map((c) => titled('removed', c)));
  for (const code of diff.changed) {
    lines.push('', titled('changed', code));
    for (const change of code.changes) {
      const [old, now] = sidesOf(change);
      lines.push(`  ${fieldLabel(change)}: ${change.change}: ${old} → ${now}`);
    }
  }
  if (diff.catalogValues.length > 0) lines.push('');
  for (const c of diff.catalogValues) {
    const [old, now] = sidesOf(c);
    lines.push(
      `catalog ${c.catalog} ${c.code}: ${c.change}: ${old} (${c.oldSource ?? 'no document'}) → ${now} (${c.newSource ?? 'no document'})`,
    );
  }
  return lines.map(escapeControlCharacters).join('\n') + '\n';
}

/** A Markdown table cell: pipes escaped, line breaks as `<br>`. */
const cell = (text: string): string => text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, '<br>');
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (header: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  row(header),
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map(row),
];

function renderMarkdown(diff: CodebookDiff): string {
  const lines = [
    '### codebook diff',
    '',
    ...table(
      ['', 'Old', 'New'],
      [
        ['Database', diff.old.path, diff.new.path],
        ['Edition', diff.old.edition ?? '(no manifest)', diff.new.edition ?? '(no manifest)'],
      ],
    ),
    '',
    `**${counts(diff)}**`,
  ];
  const section = (title: string, body: string[]) => (body.length > 2 ? lines.push('', `#### ${title}`, '', ...body) : 0);
  const titles = (codes: CodebookDiff['added']) =>
    table(
      ['Code', 'Title'],
      codes.map((c) => [c.code, c.title ?? '(unknown)']),
    );
  section('Added', titles(diff.added));
  section('Removed', titles(diff.removed));
  section(
    'Changed',
    table(
      ['Code', 'Field', 'Change', 'Old', 'New'],
      diff.changed.flatMap((code) => code.changes.map((change) => [code.code, fieldLabel(change), change.change, ...sidesOf(change)])),
    ),
  );
  section(
    'Catalog values',
    table(
      ['Catalog', 'Code', 'Change', 'Old', 'New', 'Old source', 'New source'],
      diff.catalogValues.map((c) => [c.catalog, c.code, c.change, ...sidesOf(c), c.oldSource ?? '', c.newSource ?? '']),
    ),
  );
  return lines.join('\n') + '\n';
}

const RENDER: Record<DiffFormat, (diff: CodebookDiff) => string> = {
  table: renderTable,
  markdown: renderMarkdown,
  json: (diff) => `${JSON.stringify(diff, null, 2)}\n`,
};

export function diffCommand(io: CliIO, oldPath: string, newPath: string, options: { format: DiffFormat }): number {
  let diff: CodebookDiff;
  try {
    diff = diffCodebooks(requireDatabase(oldPath), requireDatabase(newPath));
  } catch (e) {
    reportFailure(e, io);
    return EXIT_TROUBLE;
  }
  io.stdout.write(RENDER[options.format](diff));
  return isSame(diff) ? 0 : 1;
}
