/**
 * Browsing the database's tables and views as they are, as Datasette does: a page of rows, sorted
 * by a column, narrowed to rows whose columns equal given values. Table and column names come
 * only from the schema's own lists (the drizzle schema's tables and views; their columns as
 * SQLite reports them), never from the caller; values are bound as parameters.
 */
import { getTableName, getViewName, is, sql } from 'drizzle-orm';
import { SQLiteTable, SQLiteView } from 'drizzle-orm/sqlite-core';
import { values, type Plan, type ReadDatabase } from '../db/plan.js';
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

/**
 * A table browser over `db`: the schema's relations, their columns read once (on the first call),
 * table and column names only from those lists, values bound.
 */
export function prepareTables(db: ReadDatabase) {
  let tables: Map<string, TableInfo> | undefined;
  function* relations(): Plan<Map<string, TableInfo>> {
    if (tables === undefined) {
      const found = new Map<string, TableInfo>();
      for (const { name, kind } of SCHEMA_RELATIONS) {
        const columns = yield* values<[string]>(db, sql`SELECT name FROM pragma_table_info(${name}) ORDER BY cid`);
        found.set(name, { name, kind, columns: columns.map(([column]) => column) });
      }
      tables = found;
    }
    return tables;
  }
  return {
    *list(): Plan<TableInfo[]> {
      return [...(yield* relations()).values()];
    },
    /** A page of `table`'s rows; undefined when the schema has no such relation. A column it does not have is a RangeError. */
    *page(name: string, request: TablePageRequest): Plan<TablePage | undefined> {
      const table = (yield* relations()).get(name);
      if (table === undefined) return undefined;
      const column = (given: string) => {
        if (!table.columns.includes(given))
          throw new RangeError(`${name} has no column ${given} (its columns: ${table.columns.join(', ')})`);
        return sql.identifier(given);
      };
      const conditions = Object.entries(request.where ?? {}).map(([key, value]) =>
        value === null ? sql`${column(key)} IS NULL` : sql`${column(key)} = ${value}`,
      );
      const where = conditions.length === 0 ? sql`` : sql` WHERE ${sql.join(conditions, sql` AND `)}`;
      const order =
        request.sort === undefined ? sql`` : sql` ORDER BY ${column(request.sort)}${sql.raw(request.descending ? ' DESC' : '')}`;
      const limit = request.limit === undefined ? sql`` : sql` LIMIT ${request.limit} OFFSET ${request.offset ?? 0}`;
      const from = sql`FROM ${sql.identifier(table.name)}${where}`;
      const [[total] = [0]] = yield* values<[number]>(db, sql`SELECT count(*) ${from}`);
      const rows = yield* values<unknown[]>(db, sql`SELECT * ${from}${order}${limit}`);
      return { columns: table.columns, rows, total };
    },
  };
}
