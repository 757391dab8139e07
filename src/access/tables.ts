/**
 * Browsing the database's tables and views as they are, as Datasette does: a page of rows, sorted
 * by a column, narrowed to rows whose columns equal given values. Table and column names come
 * only from the schema's own lists (the drizzle schema's tables and views; their columns as
 * SQLite reports them), never from the caller; values are bound as parameters.
 */
import type Database from 'better-sqlite3';
import { getTableName, getViewName, is } from 'drizzle-orm';
import { SQLiteTable, SQLiteView } from 'drizzle-orm/sqlite-core';
import * as schema from '../schema/index.js';
import { CODE_SEARCH_TABLE } from '../schema/search.js';

export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  columns: string[];
}

export interface TablePageRequest {
  /** A column to sort by; rows are otherwise in the table's order (rowid, or the view's own). */
  readonly sort?: string;
  readonly descending?: boolean;
  /** Column → value: only rows whose column equals the value (`null`: is NULL). */
  readonly where?: Readonly<Record<string, string | null>>;
  /** At most this many rows; all when undefined. */
  readonly limit?: number;
  readonly offset?: number;
}

export interface TablePage {
  columns: string[];
  rows: unknown[][];
  /** How many rows match, over all pages. */
  total: number;
}

/** The tables and views the schema declares, with the full-text index, by name. */
type Relation = { name: string; kind: 'table' | 'view' };
const SCHEMA_RELATIONS: readonly Relation[] = [
  ...Object.values(schema).flatMap((item): Relation[] =>
    is(item, SQLiteTable)
      ? [{ name: getTableName(item), kind: 'table' }]
      : is(item, SQLiteView)
        ? [{ name: getViewName(item), kind: 'view' }]
        : [],
  ),
  { name: CODE_SEARCH_TABLE, kind: 'table' } satisfies Relation,
].sort((a, b) => a.name.localeCompare(b.name));

const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A table browser over `sqlite`: the schema's relations, their columns read once. */
export function prepareTables(sqlite: Database.Database) {
  const columnsOf = sqlite.prepare<[string], string>(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck();
  const tables = new Map<string, TableInfo>(
    SCHEMA_RELATIONS.map(({ name, kind }) => [name, { name, kind, columns: columnsOf.all(name) }] as const),
  );
  return {
    list: (): TableInfo[] => [...tables.values()],
    get: (name: string): TableInfo | undefined => tables.get(name),
    /** A page of `table`'s rows; undefined when the schema has no such relation. A column it does not have is a RangeError. */
    page(name: string, request: TablePageRequest): TablePage | undefined {
      const table = tables.get(name);
      if (table === undefined) return undefined;
      const column = (given: string): string => {
        if (!table.columns.includes(given))
          throw new RangeError(`${name} has no column ${given} (its columns: ${table.columns.join(', ')})`);
        return quoteName(given);
      };
      const conditions: string[] = [];
      const values: (string | number)[] = [];
      for (const [key, value] of Object.entries(request.where ?? {})) {
        if (value === null) conditions.push(`${column(key)} IS NULL`);
        else {
          conditions.push(`${column(key)} = ?`);
          values.push(value);
        }
      }
      const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
      const order = request.sort === undefined ? '' : ` ORDER BY ${column(request.sort)}${request.descending ? ' DESC' : ''}`;
      const limit = request.limit === undefined ? '' : ` LIMIT ? OFFSET ?`;
      const from = `FROM ${quoteName(table.name)}${where}`;
      const total = sqlite
        .prepare(`SELECT count(*) ${from}`)
        .pluck()
        .get(...values) as number;
      const statement = sqlite.prepare(`SELECT * ${from}${order}${limit}`).raw();
      const rows = statement.all(...values, ...(request.limit === undefined ? [] : [request.limit, request.offset ?? 0])) as unknown[][];
      return { columns: table.columns, rows, total };
    },
  };
}
