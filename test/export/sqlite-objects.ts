/**
 * What the tests compare exports against, read straight from the database file with better-sqlite3
 * (not through the exporter's reads): every table and view, its columns in SQLite's order, the
 * types the database's own column_descriptions give them, and all its rows.
 */
import Database from 'better-sqlite3';

export type DescribedType = 'text' | 'integer' | 'boolean';

export interface SqliteObject {
  readonly name: string;
  readonly kind: 'table' | 'view';
  readonly columns: readonly { name: string; type: DescribedType; nullable: boolean }[];
  /** Every row, integers as BigInt, in no particular order. */
  readonly rows: readonly unknown[][];
}

/** What an export leaves out: the migrations' bookkeeping, and the full-text index (FTS5) with its shadow tables. */
export const NOT_EXPORTED = [
  '__drizzle_migrations',
  'code_search',
  'code_search_config',
  'code_search_content',
  'code_search_data',
  'code_search_docsize',
  'code_search_idx',
];

/** Every table and view of the database but SQLite's own (`sqlite_%`), by name. */
export function sqliteObjectNames(db: string): string[] {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
      .pluck()
      .all() as string[];
  } finally {
    sqlite.close();
  }
}

/** The exported tables and views of the database, by name. */
export function sqliteObjects(db: string): SqliteObject[] {
  const sqlite = new Database(db, { readonly: true });
  try {
    const described = sqlite.prepare('SELECT column_name, type, nullable FROM column_descriptions WHERE table_name = ? ORDER BY position');
    return sqliteObjectNames(db)
      .filter((name) => !NOT_EXPORTED.includes(name))
      .map((name) => {
        const kind = sqlite.prepare('SELECT type FROM sqlite_master WHERE name = ?').pluck().get(name) as 'table' | 'view';
        const pragma = sqlite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(name) as string[];
        const types = described.all(name) as { column_name: string; type: DescribedType; nullable: number }[];
        if (types.map((t) => t.column_name).join() !== pragma.join())
          throw new Error(`column_descriptions of ${name} name ${types.map((t) => t.column_name).join()}, SQLite has ${pragma.join()}`);
        const rows = sqlite.prepare(`SELECT * FROM "${name}"`).raw().safeIntegers().all() as unknown[][];
        return { name, kind, columns: types.map((t) => ({ name: t.column_name, type: t.type, nullable: t.nullable === 1 })), rows };
      });
  } finally {
    sqlite.close();
  }
}

/** JSON text of a value with BigInts, for comparing rows as multisets. */
export const rowKey = (row: readonly unknown[]): string =>
  JSON.stringify(row, (_, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));

/** Rows in a canonical order (by their JSON text), so that two exports of the same rows compare equal whatever their order. */
export const sortedRows = (rows: readonly (readonly unknown[])[]): unknown[][] =>
  [...rows].map((row) => [...row]).sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0));
