/**
 * Where in its document each fact of a record is stated: the line of every entry of each list
 * field and of every name of each names field, in the record's order, and the line of the
 * descriptor its own row states. Text and prose fields have no line of their own in the database.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { CodebookDatabase } from '../db/connection.js';
import { LIST_FIELDS, NAMES_FIELDS, type ListField, type NamesField } from '../domain/fields.js';
import { columnOf, LIST_TABLES, NAMES_TABLES, ownerOf } from '../schema/fields.js';
import { procedures } from '../schema/tables.js';

/** The line of each item of each list and names field, in the record's order (null for rows of databases built before lines were kept). */
export type SourceLines = { [F in ListField | NamesField]: (number | null)[] } & {
  /** The line of the document's own row in its related-codes table, which states its descriptor. */
  descriptor: number | null;
};

/** A reader of a code's source lines over `db`, its statements prepared once. */
export function prepareSourceLines(db: CodebookDatabase): (code: string) => SourceLines | undefined {
  const fields = [...LIST_FIELDS, ...NAMES_FIELDS];
  const lines = fields.map((field) => {
    const table = field in LIST_TABLES ? LIST_TABLES[field as ListField].table : NAMES_TABLES[field as NamesField].table;
    const statement = db
      .select({ line: columnOf(table, 'line') })
      .from(table)
      .where(eq(ownerOf(table).procedureCode, sql.placeholder('code')))
      .orderBy(asc(columnOf(table, 'position')))
      .prepare();
    return [field, statement] as const;
  });
  const descriptor = db
    .select({ line: procedures.statedDescriptorLine })
    .from(procedures)
    .where(eq(procedures.code, sql.placeholder('code')))
    .prepare();
  return (code) => {
    const own = descriptor.get({ code });
    if (own === undefined) return undefined;
    const result: Record<string, unknown> = { descriptor: own.line };
    for (const [field, statement] of lines) result[field] = statement.all({ code }).map((row) => row.line as number | null);
    return result as SourceLines;
  };
}
