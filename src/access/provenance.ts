/**
 * Where in its document each fact of a record is stated: the line of every entry of each list
 * field and of every name of each names field, in the record's order, and the line of the
 * descriptor its own row states. Text and prose fields have no line of their own in the database.
 */
import { sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { settled, type Plan, type ReadDatabase } from '../db/plan.js';
import { LIST_FIELDS, NAMES_FIELDS, type ListField, type NamesField } from '../domain/fields.js';
import { columnOf, LIST_TABLES, NAMES_TABLES, ownerOf } from '../schema/fields.js';
import { procedures } from '../schema/tables.js';

/** The line of each item of each list and names field, in the record's order (null for rows of databases built before lines were kept). */
export type SourceLines = { [F in ListField | NamesField]: (number | null)[] } & {
  /** The line of the document's own row in its related-codes table, which states its descriptor. */
  descriptor: number | null;
};

const FIELDS = [...LIST_FIELDS, ...NAMES_FIELDS];
const tableOf = (field: ListField | NamesField): SQLiteTable =>
  field in LIST_TABLES ? LIST_TABLES[field as ListField].table : NAMES_TABLES[field as NamesField].table;

/** A reader of a code's source lines over `db`: one statement, prepared once. */
export function prepareSourceLines(db: ReadDatabase): (code: string) => Plan<SourceLines | undefined> {
  const code = sql.placeholder('code');
  // Field 0 is the descriptor; each list and names field is its index in FIELDS, plus one.
  const parts = FIELDS.map((field, i) => {
    const table = tableOf(field);
    return sql`SELECT ${sql.raw(String(i + 1))} AS field, ${columnOf(table, 'position')} AS position, ${columnOf(table, 'line')} AS line
      FROM ${table} WHERE ${ownerOf(table).procedureCode} = ${code}`;
  });
  const statement = db
    .select({ field: sql<number>`field`, line: sql<number | null>`line` })
    .from(
      sql`(SELECT 0 AS field, 0 AS position, ${procedures.statedDescriptorLine} AS line
        FROM ${procedures} WHERE ${procedures.code} = ${code}
        UNION ALL ${sql.join(parts, sql` UNION ALL `)})`,
    )
    .orderBy(sql`field`, sql`position`)
    .prepare();
  return function* (code) {
    const rows = yield* settled(statement.all({ code }));
    if (rows[0]?.field !== 0) return undefined;
    const result: Record<string, unknown> = { descriptor: rows[0].line };
    for (const field of FIELDS) result[field] = [];
    for (let i = 1; i < rows.length; i++) (result[FIELDS[rows[i]!.field - 1]!] as (number | null)[]).push(rows[i]!.line);
    return result as SourceLines;
  };
}
