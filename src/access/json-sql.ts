/**
 * Building blocks for reading a whole record in one statement: lists aggregated to JSON inside
 * SQLite, decoded once, typed from the schema columns they select.
 */
import { sql, type Column, type GetColumnData, type SQL } from 'drizzle-orm';

type Tuple<C extends readonly Column[]> = { -readonly [K in keyof C]: GetColumnData<C[K]> };

const decode = <T>(value: string): T => JSON.parse(value) as T;

/** `[[c1, c2, …], …]` of the rows `from` yields, ordered by `order`; typed from the columns. */
export function jsonRows<const C extends readonly Column[]>(columns: C, order: Column, from: SQL): SQL<Tuple<C>[]> {
  return sql`(SELECT json_group_array(json_array(${sql.join([...columns], sql`, `)}) ORDER BY ${order}) ${from})`.mapWith(
    decode<Tuple<C>[]>,
  );
}

/** `[v, …]` of one column of the rows `from` yields, ordered by `order`. */
export function jsonValues<C extends Column>(column: C, order: Column, from: SQL): SQL<GetColumnData<C>[]> {
  return sql`(SELECT json_group_array(${column} ORDER BY ${order}) ${from})`.mapWith(decode<GetColumnData<C>[]>);
}
