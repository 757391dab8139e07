/**
 * The tables and views export, in CSV and Parquet, against the database file itself (read with
 * better-sqlite3, not through the exporter): one file per table and view, the same rows, codes as
 * text. CSV is parsed by the RFC 4180 reader below, which also says which fields were quoted;
 * Parquet is read back by hyparquet, which knows nothing of codebook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_METADATA } from '../../src/schema/descriptions.js';
import { TOOL_VERSION } from '../../src/version.js';
import { manifestOf } from '../helpers.js';
import { DATABASES, exported } from './databases.js';
import { NOT_EXPORTED, sortedRows, sqliteObjectNames, sqliteObjects, type SqliteObject } from './sqlite-objects.js';

interface CsvField {
  readonly value: string;
  readonly quoted: boolean;
}

/** RFC 4180, strictly: fields quoted or not, `""` inside quotes, records ending in CRLF (the last one too). */
function parseCsv(text: string): CsvField[][] {
  const records: CsvField[][] = [];
  let record: CsvField[] = [];
  let i = 0;
  while (i < text.length) {
    let field: CsvField;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const end = text.indexOf('"', i);
        if (end < 0) throw new Error(`unterminated quoted field at ${i}`);
        value += text.slice(i, end);
        i = end + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      field = { value, quoted: true };
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      if (end < 0) throw new Error(`a record at ${i} does not end in CRLF`);
      const value = text.slice(i, i + end);
      if (/["\r\n]/.test(value)) throw new Error(`an unquoted field holds a quote or a line break at ${i}: ${JSON.stringify(value)}`);
      field = { value, quoted: false };
      i += end;
    }
    record.push(field);
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else if (text[i] === ',') i++;
    else throw new Error(`expected a comma or CRLF at ${i}`);
  }
  if (record.length > 0) throw new Error('the last record does not end in CRLF');
  return records;
}

/**
 * A CSV field as the README says a value is written: text quoted (codes stay text), integers as
 * digits and booleans as true/false unquoted, null as an empty unquoted field.
 */
function csvValue(type: SqliteObject['columns'][number]['type'], value: unknown): CsvField {
  if (value === null) return { value: '', quoted: false };
  if (type === 'text') return { value: value as string, quoted: true };
  if (type === 'boolean') return { value: value === 1n ? 'true' : 'false', quoted: false };
  return { value: String(value), quoted: false };
}

/** A value as Parquet types it: text a string, an integer a BigInt (INT64), a boolean a boolean, null null. */
const parquetValue = (type: SqliteObject['columns'][number]['type'], value: unknown): unknown =>
  value === null ? null : type === 'boolean' ? value === 1n : value;

describe.each(Object.keys(DATABASES) as (keyof typeof DATABASES)[])('tables and views of the %s database', (name) => {
  let db: string;
  let objects: SqliteObject[];
  beforeAll(async () => {
    db = await DATABASES[name]();
    objects = sqliteObjects(db);
  });

  it('the database types its columns as they hold: text as strings, integers and booleans (0/1) as integers', () => {
    for (const object of objects)
      object.columns.forEach((column, i) => {
        const wrong = object.rows.filter((row) => {
          const value = row[i];
          if (value === null) return !column.nullable;
          if (column.type === 'text') return typeof value !== 'string';
          if (column.type === 'boolean') return value !== 0n && value !== 1n;
          return typeof value !== 'bigint';
        });
        expect(wrong, `${object.name}.${column.name} (${column.type})`).toEqual([]);
      });
  });

  describe.each(['csv', 'parquet'] as const)('as %s', (format) => {
    let dir: string;
    let manifest: Awaited<ReturnType<typeof exported>>['manifest'];
    beforeAll(async () => ({ dir, manifest } = await exported(db, format)));

    it('one file per table and view, every one but the migrations table and the full-text index, with its row count', () => {
      expect(manifest.files.map((file) => file.table).sort()).toEqual(sqliteObjectNames(db).filter((n) => !NOT_EXPORTED.includes(n)));
      for (const object of objects)
        expect(manifest.files.find((file) => file.table === object.name)).toEqual({
          path: `${object.name}.${format}`,
          table: object.name,
          kind: object.kind,
          rows: object.rows.length,
          ...(format === 'csv' ? { metadata: `${object.name}.csv-metadata.json` } : {}),
        });
    });

    it("the manifest names the export's format, the tool, the migration, the database's edition and the licence", () => {
      expect({ ...manifest, files: undefined }).toEqual({
        files: undefined,
        format,
        tool: 'codebook',
        toolVersion: TOOL_VERSION,
        migration: '0007_schema_descriptions',
        edition: manifestOf(db)!.edition,
        builtAt: manifestOf(db)!.builtAt,
        title: DATABASE_METADATA.title,
        licence: DATABASE_METADATA.licence,
      });
      expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
    });

    if (format === 'csv') {
      it('CSV: a header row of the columns, then every row, text quoted, integers bare, null an empty field', () => {
        for (const object of objects) {
          const [header, ...records] = parseCsv(readFileSync(join(dir, `${object.name}.csv`), 'utf8'));
          expect(header, object.name).toEqual(object.columns.map((c) => ({ value: c.name, quoted: true })));
          const expected = object.rows.map((row) => row.map((value, i) => csvValue(object.columns[i]!.type, value)));
          expect(sortedRows(records), object.name).toEqual(sortedRows(expected));
        }
      });

      it("CSV: a CSVW sidecar types each column, codes as strings, so a reader that reads it keeps '0001F' and '22' as text", () => {
        for (const object of objects) {
          const sidecar = JSON.parse(readFileSync(join(dir, `${object.name}.csv-metadata.json`), 'utf8')) as {
            url: string;
            tableSchema: { columns: { name: string; datatype: unknown; required: boolean }[] };
          };
          expect(sidecar.url).toBe(`${object.name}.csv`);
          expect(sidecar.tableSchema.columns.map(({ name: column, datatype, required }) => ({ column, datatype, required }))).toEqual(
            object.columns.map((c) => ({
              column: c.name,
              datatype: { text: 'string', integer: 'integer', boolean: { base: 'boolean', format: 'true|false' } }[c.type],
              required: !c.nullable,
            })),
          );
        }
      });
    } else {
      it('Parquet: typed columns (codes STRING, counts INT64, booleans BOOLEAN; nullable exactly where null is allowed)', async () => {
        for (const object of objects) {
          const meta = await parquetMetadataAsync(await asyncBufferFromFile(join(dir, `${object.name}.parquet`)));
          expect(meta.num_rows, object.name).toBe(BigInt(object.rows.length));
          expect(
            meta.schema.slice(1).map((e) => ({ name: e.name, type: e.type, logical: e.logical_type, repetition: e.repetition_type })),
            object.name,
          ).toEqual(
            object.columns.map((c) => ({
              name: c.name,
              ...{
                text: { type: 'BYTE_ARRAY', logical: { type: 'STRING' } },
                integer: { type: 'INT64', logical: undefined },
                boolean: { type: 'BOOLEAN', logical: undefined },
              }[c.type],
              repetition: c.nullable ? 'OPTIONAL' : 'REQUIRED',
            })),
          );
          expect(meta.key_value_metadata, object.name).toEqual(expect.arrayContaining([{ key: 'codebook.table', value: object.name }]));
        }
      });

      it('Parquet: read back by hyparquet, the same rows: codes strings, integers BigInt, booleans, unknown null', async () => {
        for (const object of objects) {
          const rows = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, `${object.name}.parquet`)) });
          const read = rows.map((row) => object.columns.map((c) => row[c.name]));
          const expected = object.rows.map((row) => row.map((value, i) => parquetValue(object.columns[i]!.type, value)));
          expect(sortedRows(read), object.name).toEqual(sortedRows(expected));
        }
      });
    }
  });
});

describe('the seed as CSV, exactly', () => {
  it("procedure_modifiers.csv: the codes quoted as text, the document's unknown descriptions empty (null), CRLF", async () => {
    const { dir } = await exported(await DATABASES.seed(), 'csv');
    expect(readFileSync(join(dir, 'procedure_modifiers.csv'), 'utf8')).toBe(
      [
        '"procedure_code","document_id","modifier_code","position","line","when_to_use","stated_description"',
        '"20956",1,"62",1,16,"When two surgeons of different specialties work together and each performs distinct portions of the ' +
          'procedure (e.g., orthopedic surgeon and microvascular surgeon).","Two surgeons"',
        '"20956",1,"66",2,17,"When a surgical team approach is reported for exceptionally complex cases requiring multiple surgeons ' +
          'functioning as a team.","Surgical team"',
        '"20956",1,"50",3,18,"When the same procedure is performed on both left and right sides during the same operative session.",' +
          '"Bilateral procedure"',
        '"20956",1,"52",4,19,"When the procedure is partially reduced or not completed as planned (e.g., graft harvest attempted but ' +
          'limited by anatomy).","Reduced services"',
        '"20956",1,"53",5,20,"When the procedure is started but terminated due to unforeseen circumstances prior to completion.",' +
          '"Discontinued procedure"',
        '"20956",1,"76",6,22,,',
        '"20956",1,"78",7,23,"When unplanned return to OR occurs for takeback of the vascular anastomosis.",' +
          '"Return to the operating room for a related procedure during the global period"',
        '"20956",1,"79",8,24,,',
        '"20956",1,"58",9,25,,',
        '',
      ].join('\r\n'),
    );
  });
});
