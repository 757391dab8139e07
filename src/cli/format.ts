/** Query results as people and tools read them: an aligned table, CSV, TSV, JSON or NDJSON. */
import { stringify } from 'csv-stringify/sync';
import type { QueryResult } from '../access/query.js';
import type { OutputFormat } from './output-formats.js';


const objects = ({ columns, rows }: QueryResult): Record<string, unknown>[] =>
  rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])));

const text = (value: unknown): string => (value === null || value === undefined ? 'NULL' : String(value));

function table({ columns, rows }: QueryResult): string {
  if (columns.length === 0) return '';
  const cells = rows.map((row) => row.map(text));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

export function formatResult(result: QueryResult, format: OutputFormat): string {
  switch (format) {
    case 'table':
      return table(result);
    case 'csv':
    case 'tsv':
      return stringify([result.columns, ...result.rows], { delimiter: format === 'csv' ? ',' : '\t' });
    case 'json':
      return `${JSON.stringify(objects(result), null, 2)}\n`;
    case 'ndjson':
      return objects(result)
        .map((o) => `${JSON.stringify(o)}\n`)
        .join('');
  }
}

/** Rows given as objects (one key order for all), in `format`. */
export function formatObjects(rows: readonly Record<string, unknown>[], format: OutputFormat): string {
  const columns = Object.keys(rows[0] ?? {});
  return formatResult({ columns, rows: rows.map((row) => columns.map((c) => row[c])) }, format);
}
