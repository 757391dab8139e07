/**
 * The floors the benchmark measures codebook against, in the same run, on the same input: what
 * the same work costs with nothing of codebook's in the way: raw better-sqlite3 statements, their
 * columns read from the schema so that they insert and select what codebook does.
 */
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { recordStatement } from '../src/access/record.js';
import type { CodebookDatabase } from '../src/db/connection.js';
import { LIST_FIELDS, NAMES_FIELDS } from '../src/domain/fields.js';
import { LIST_TABLES, NAMES_TABLES } from '../src/schema/fields.js';
import * as schema from '../src/schema/tables.js';
import type { Finding } from '../src/pipeline/diagnostics.js';
import type { DocumentSource } from '../src/pipeline/load.js';
import type { DocumentRows } from '../src/pipeline/normalize.js';

/** Reading the files and splitting them into lines: the least any parser must do. */
export function readAndSplit(files: readonly string[]): number {
  let lines = 0;
  for (const file of files) lines += readFileSync(file, 'utf8').split('\n').length;
  return lines;
}

export interface LoadInput {
  readonly source: DocumentSource;
  readonly rows: DocumentRows;
  readonly findings: readonly Finding[];
}

/** A raw positional INSERT of every column of `table` (the loader's columns), taking a row object and its owner. */
function rawInsert(sqlite: Database.Database, table: SQLiteTable, orIgnore = false) {
  const columns = Object.entries(getTableColumns(table));
  const statement = sqlite.prepare(
    `INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO "${getTableName(table)}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) ` +
      `VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const keys = columns.map(([key]) => key);
  return (row: object, owner?: Record<string, unknown>): void => {
    const values = row as Record<string, unknown>;
    statement.run(
      keys.map((key) => {
        const value = owner?.[key] ?? values[key] ?? null;
        return typeof value === 'boolean' ? Number(value) : value;
      }),
    );
  };
}

/**
 * Inserts exactly the rows codebook's loader inserts, with raw better-sqlite3 prepared
 * statements and positional parameters, each catalog row once. Returns the rows inserted.
 */
export function rawInserts(sqlite: Database.Database, runId: number, documents: readonly LoadInput[]): number {
  const document = sqlite.prepare('INSERT INTO source_documents (path, sha256, size_bytes, build_run_id) VALUES (?, ?, ?, ?)');
  const catalog = {
    codes: rawInsert(sqlite, schema.codes, true),
    modifiers: rawInsert(sqlite, schema.modifiers, true),
    diagnoses: rawInsert(sqlite, schema.diagnoses, true),
    taxonomies: rawInsert(sqlite, schema.taxonomies, true),
    payers: rawInsert(sqlite, schema.payers, true),
  };
  const procedure = rawInsert(sqlite, schema.procedures);
  const names = Object.fromEntries(NAMES_FIELDS.map((field) => [field, rawInsert(sqlite, NAMES_TABLES[field].table)]));
  const step = rawInsert(sqlite, schema.procedureWorkflowSteps);
  const lists = Object.fromEntries(LIST_FIELDS.map((list) => [list, rawInsert(sqlite, LIST_TABLES[list].table)]));
  const unknownValue = rawInsert(sqlite, schema.unknownValues);
  const diagnostic = sqlite.prepare('INSERT INTO document_diagnostics (document_id, line, severity, rule, message) VALUES (?, ?, ?, ?, ?)');
  const seen = new Set<string>();
  let rows = 0;
  for (const { source, rows: r, findings } of documents) {
    const documentId = Number(document.run(source.path, source.sha256, source.sizeBytes, runId).lastInsertRowid);
    const owner = { procedureCode: r.code, documentId };
    for (const [name, catalogRows] of Object.entries(r.catalog) as [keyof typeof catalog, { code?: string; name?: string }[]][]) {
      for (const row of catalogRows) {
        const key = `${name}\u0000${row.code ?? row.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        catalog[name](row);
      }
    }
    procedure(r.procedure, owner);
    type Insert = (row: object, owner: Record<string, unknown>) => void;
    const owned: (readonly [Insert, readonly object[]])[] = [
      ...NAMES_FIELDS.map((field): readonly [Insert, readonly object[]] => [names[field]!, r.names[field]]),
      [step, r.workflowSteps],
      ...LIST_FIELDS.map((list): readonly [Insert, readonly object[]] => [lists[list]!, r.lists[list]]),
      [unknownValue, r.unknownValues],
    ];
    for (const [insert, ownedRows] of owned) {
      for (const row of ownedRows) insert(row, owner);
      rows += ownedRows.length;
    }
    for (const f of findings) diagnostic.run(documentId, f.line, f.severity, f.rule, f.message);
    rows += 2 + findings.length;
  }
  return rows + seen.size;
}

/**
 * The fewest statements that fetch a whole record: one — the statement getCode runs — stepped by
 * better-sqlite3, its JSON columns decoded with JSON.parse and nothing else.
 */
export function rawRecordReader(db: CodebookDatabase): (code: string) => unknown {
  const { sql, params } = recordStatement(db);
  const statement = db.$client.prepare(sql);
  const at = params.indexOf('code');
  return (code) => {
    const row = statement.get(params.map((param, i) => (i === at ? code : param))) as Record<string, unknown> | undefined;
    if (row)
      for (const [key, value] of Object.entries(row)) if (typeof value === 'string' && value.startsWith('[')) row[key] = JSON.parse(value);
    return row;
  };
}

/**
 * The query floor, a script for `node -e` (argv: better-sqlite3's path, the database, the SQL):
 * the statement stepped by better-sqlite3 in one process, each row written as a JSON line, with no
 * query process, no batches and no formats in the way.
 */
export const QUERY_FLOOR_SCRIPT = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2], { readonly: true });
const out = [];
for (const row of db.prepare(process.argv[3]).raw(true).iterate()) {
  out.push(JSON.stringify(row));
  if (out.length === 512) { require('node:fs').writeSync(1, out.join('\\n') + '\\n'); out.length = 0; }
}
require('node:fs').writeSync(1, out.join('\\n') + '\\n');
`;
