/**
 * Bulk reads for exports, streamed: every documented code in code order, every row of a described
 * table or view. Each reads a row (or a page of codes) at a time, so a caller holds one at a time
 * however large the database. Unlike the reads of reads.ts these are better-sqlite3's alone: they
 * iterate a statement (a plan returns its rows whole), and exports run on a local file.
 */
import type Database from 'better-sqlite3';
import type { DescribedObject } from '../schema/descriptions.js';

/** A value as the exports carry it: text, a 64-bit integer, a boolean, or null (unknown, or not applicable). */
export type ExportValue = string | bigint | boolean | null;

const identifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const CODES_PER_PAGE = 1000;

/** The documented codes in code order (every CPT code before every HCPCS code: digits sort before letters), a page at a time. */
export function* documentedCodes(sqlite: Database.Database): Generator<string> {
  const page = sqlite.prepare('SELECT code FROM procedures WHERE code > ? ORDER BY code LIMIT ?').pluck();
  let after = '';
  for (;;) {
    const codes = page.all(after, CODES_PER_PAGE) as string[];
    if (codes.length === 0) return;
    yield* codes;
    after = codes[codes.length - 1]!;
  }
}

/**
 * The rows of a table or view, in a stable order (a table by rowid, a view by all its columns),
 * each value typed as its column says: integers as BigInt (all 64 bits), booleans from SQLite's 0/1.
 */
export function* objectRows(sqlite: Database.Database, object: DescribedObject): Generator<ExportValue[]> {
  const columns = object.columns.map((c) => identifier(c.name)).join(', ');
  const order = object.kind === 'table' ? 'rowid' : object.columns.map((_, i) => String(i + 1)).join(', ');
  const statement = sqlite
    .prepare(`SELECT ${columns} FROM ${identifier(object.name)} ORDER BY ${order}`)
    .raw()
    .safeIntegers();
  const booleans = object.columns.map((c) => c.type === 'boolean');
  for (const row of statement.iterate() as IterableIterator<unknown[]>) {
    for (let i = 0; i < row.length; i++) if (booleans[i] && row[i] !== null) row[i] = row[i] !== 0n;
    yield row as ExportValue[];
  }
}

/** The number of rows of a table or view. */
export const objectRowCount = (sqlite: Database.Database, object: DescribedObject): number =>
  sqlite
    .prepare(`SELECT count(*) FROM ${identifier(object.name)}`)
    .pluck()
    .get() as number;
