/**
 * Every table and analysis view, one file each, as CSV (RFC 4180, with a CSVW sidecar naming each
 * column's type) or Parquet (typed columns): the rows are read one at a time from SQLite and
 * written as they come (Parquet a row group at a time), so memory stays flat however large the
 * corpus. Column names, order, types and nullability come from the schema's descriptions
 * (src/schema/descriptions.ts), which are derived from the drizzle tables and views.
 */
import { fileWriter, parquetWriteRows, type SchemaElement } from 'hyparquet-writer';
import type { ExportValue } from '../access/bulk.js';
import type { DescribedColumn, DescribedObject } from '../schema/descriptions.js';
import type { ColumnType } from '../schema/metadata.js';
import { createTextFile } from './text-file.js';

/**
 * One CSV field: text always quoted (a reader that honours quotes keeps `00100` and `22` as text),
 * integers in full and booleans as `true`/`false` unquoted, NULL as an empty unquoted field. No
 * stored text is empty (the schema's checks), so an empty field is always NULL.
 */
export function csvField(value: ExportValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return `"${value.replace(/"/g, '""')}"`;
  return String(value);
}

/** RFC 4180: records end in CRLF. */
export const CSV_LINE_END = '\r\n';

const csvRecord = (values: readonly ExportValue[]): string => values.map(csvField).join(',') + CSV_LINE_END;

/** Writes `rows` of `object` as CSV with a header row; returns the number of rows written. */
export function writeCsv(path: string, object: DescribedObject, rows: Iterable<ExportValue[]>, onRow?: () => void): number {
  const file = createTextFile(path);
  let count = 0;
  try {
    file.write(csvRecord(object.columns.map((c) => c.name)));
    for (const row of rows) {
      file.write(csvRecord(row));
      count++;
      onRow?.();
    }
  } finally {
    file.close();
  }
  return count;
}

/** The CSVW datatype of each column type (W3C CSV on the Web): booleans are written `true`/`false`. */
const CSVW_DATATYPES: Readonly<Record<ColumnType, string | { base: string; format: string }>> = {
  text: 'string',
  integer: 'integer',
  boolean: { base: 'boolean', format: 'true|false' },
};

/**
 * The CSVW metadata of a CSV file (`<file>-metadata.json`, where a CSVW processor looks for it):
 * every column's name, datatype, whether it may be empty, and its description. Codes are `string`:
 * a reader that takes its types from here keeps `00100`, `0001F` and `22` as text.
 */
export function csvwMetadata(file: string, object: DescribedObject, title: string): object {
  return {
    '@context': 'http://www.w3.org/ns/csvw',
    url: file,
    'dc:title': `${title}: ${object.name}`,
    'dc:description': `One row per ${object.oneRowPer}. ${object.description}`,
    dialect: { header: true, doubleQuote: true, lineTerminators: [CSV_LINE_END] },
    null: '',
    tableSchema: {
      columns: object.columns.map((column: DescribedColumn) => ({
        name: column.name,
        titles: column.name,
        datatype: CSVW_DATATYPES[column.type],
        required: !column.nullable,
        'dc:description': column.description,
      })),
    },
  };
}

const PARQUET_TYPES: Readonly<Record<ColumnType, Pick<SchemaElement, 'type' | 'converted_type' | 'logical_type'>>> = {
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  integer: { type: 'INT64' },
  boolean: { type: 'BOOLEAN' },
};

/**
 * Rows per Parquet row group: the most rows an export holds at once (as row objects, then as
 * columns, then encoded). Small enough that the memory of a large export is that of a small one
 * (bench: export peak RSS growth); a few thousand rows of a few columns still make pages readers
 * scan quickly.
 */
export const PARQUET_ROW_GROUP_ROWS = 4096;

/** The Parquet schema of a table or view: text as STRING, integers as INT64, booleans as BOOLEAN; NOT NULL columns REQUIRED. */
export function parquetSchema(object: DescribedObject): SchemaElement[] {
  return [
    { name: 'root', num_children: object.columns.length },
    ...object.columns.map((column): SchemaElement => ({
      name: column.name,
      ...PARQUET_TYPES[column.type],
      repetition_type: column.nullable ? 'OPTIONAL' : 'REQUIRED',
    })),
  ];
}

/** Writes `rows` of `object` as Parquet, a row group at a time; returns the number of rows written. */
export function writeParquet(
  path: string,
  object: DescribedObject,
  rows: Iterable<ExportValue[]>,
  metadata: Readonly<Record<string, string>>,
  onRow?: () => void,
): number {
  const names = object.columns.map((c) => c.name);
  let count = 0;
  function* records(): Generator<Record<string, ExportValue>> {
    for (const row of rows) {
      const record: Record<string, ExportValue> = {};
      for (let i = 0; i < names.length; i++) record[names[i]!] = row[i]!;
      count++;
      onRow?.();
      yield record;
    }
  }
  const pending = parquetWriteRows({
    writer: fileWriter(path),
    rows: records(),
    columns: names.map((name) => ({ name })),
    schema: parquetSchema(object),
    rowGroupSize: PARQUET_ROW_GROUP_ROWS,
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy: 'codebook',
  });
  // fileWriter writes synchronously, and the rows are a plain iterable: the file is whole when this returns.
  if (pending !== undefined) throw new Error(`hyparquet-writer wrote ${path} asynchronously: the export expects a synchronous write`);
  return count;
}
