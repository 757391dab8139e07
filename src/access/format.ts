/**
 * Rows as people and tools read them: an aligned table, CSV, TSV, JSON or NDJSON, written a batch
 * at a time, so memory stays flat however many rows there are (a table holds back its first
 * window of rows to size its columns).
 *
 * Values print exactly: integers in full (SQLite's 64-bit integers arrive as BigInt), a blob as its
 * SQL literal `X'…'` in hexadecimal (as SQLite's `quote()` writes it), NULL as `NULL` in a table,
 * empty in CSV/TSV and `null` in JSON. A table is for a person: control characters in it are escaped.
 */
import { stringify } from 'csv-stringify/sync';
import { escapeControlCharacters } from '../domain/terminal.js';
import type { OutputFormat } from './output-formats.js';

/** A table's columns are as wide as the widest value among the header and this many first rows; a later, wider value overflows. */
export const TABLE_WINDOW_ROWS = 1000;

export type Row = readonly unknown[];

export interface ResultWriter {
  /** The text for `batch` (a table may hold it back until its window is full). */
  rows(batch: readonly Row[]): string;
  /** The text of whatever is held back, and the end of the output. */
  end(): string;
}

const isBlob = (value: unknown): value is Uint8Array => value instanceof Uint8Array;

/** `X'0A1B…'`: a blob as an SQL literal. */
export const blobLiteral = (blob: Uint8Array): string =>
  `X'${Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).toString('hex').toUpperCase()}'`;

/** A non-null value as text: integers in full, blobs as `X'…'`. */
function valueText(value: unknown): string {
  if (isBlob(value)) return blobLiteral(value);
  return String(value);
}

/** A value as a JSON literal; integers beyond 2^53 keep every digit, infinities are written as SQLite's JSON writes them. */
export function jsonValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number')
    return Number.isFinite(value) ? JSON.stringify(value) : Number.isNaN(value) ? 'null' : value > 0 ? '9e999' : '-9e999';
  return JSON.stringify(valueText(value));
}

function tableWriter(columns: readonly string[]): ResultWriter {
  const cells = (row: Row): string[] =>
    columns.map((_, i) => escapeControlCharacters(row[i] === null || row[i] === undefined ? 'NULL' : valueText(row[i])));
  const header = columns.map(escapeControlCharacters);
  const window: string[][] = [];
  let widths: number[] | undefined;
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths![i]!))
      .join('  ')
      .trimEnd();
  const start = (): string => {
    widths = header.map((name, i) => window.reduce((widest, row) => Math.max(widest, row[i]!.length), name.length));
    const text = [line(header), line(widths.map((w) => '-'.repeat(w))), ...window.map(line)].map((l) => `${l}\n`).join('');
    window.length = 0;
    return text;
  };
  return {
    rows(batch) {
      if (columns.length === 0) return '';
      let text = '';
      for (const row of batch) {
        if (widths === undefined) {
          window.push(cells(row));
          if (window.length >= TABLE_WINDOW_ROWS) text += start();
        } else {
          text += `${line(cells(row))}\n`;
        }
      }
      return text;
    },
    end: () => (columns.length === 0 || widths !== undefined ? '' : start()),
  };
}

function delimitedWriter(columns: readonly string[], delimiter: string): ResultWriter {
  let started = false;
  return {
    rows(batch) {
      const records = batch.map((row) => columns.map((_, i) => (row[i] === null || row[i] === undefined ? '' : valueText(row[i]))));
      if (!started) {
        started = true;
        records.unshift([...columns]);
      }
      return records.length === 0 ? '' : stringify(records, { delimiter });
    },
    end() {
      if (started) return '';
      started = true;
      return stringify([[...columns]], { delimiter });
    },
  };
}

function jsonWriter(columns: readonly string[], lines: boolean): ResultWriter {
  const keys = columns.map((c) => JSON.stringify(c));
  let count = 0;
  const object = lines
    ? (row: Row) => `{${keys.map((key, i) => `${key}:${jsonValue(row[i])}`).join(',')}}\n`
    : (row: Row) => (keys.length === 0 ? '  {}' : `  {\n${keys.map((key, i) => `    ${key}: ${jsonValue(row[i])}`).join(',\n')}\n  }`);
  return {
    rows(batch) {
      let text = '';
      for (const row of batch) text += lines ? object(row) : `${count++ === 0 ? '[\n' : ',\n'}${object(row)}`;
      return text;
    },
    end: () => (lines ? '' : count === 0 ? '[]\n' : '\n]\n'),
  };
}

/** A writer of rows with `columns` in `format`. */
export function resultWriter(columns: readonly string[], format: OutputFormat): ResultWriter {
  switch (format) {
    case 'table':
      return tableWriter(columns);
    case 'csv':
      return delimitedWriter(columns, ',');
    case 'tsv':
      return delimitedWriter(columns, '\t');
    case 'json':
      return jsonWriter(columns, false);
    case 'ndjson':
      return jsonWriter(columns, true);
  }
}

/** Rows given as objects (one key order for all, taken from the first), in `format`. */
export function formatObjects(rows: readonly Record<string, unknown>[], format: OutputFormat): string {
  const columns = Object.keys(rows[0] ?? {});
  const writer = resultWriter(columns, format);
  return writer.rows(rows.map((row) => columns.map((c) => row[c]))) + writer.end();
}
