/**
 * The database describes itself: what it is (title, source, licence note) and what every table,
 * view and column holds. The rows are written from src/schema/descriptions.ts whenever the
 * database is migrated to this codebook's schema (src/db/descriptions.ts), so they describe the
 * schema the file has; readers (Datasette, the CSVW sidecars of an export, a person in the
 * sqlite3 shell) read them from the file itself.
 */
import { sql } from 'drizzle-orm';
import { check, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** What a described object is. `virtual table` is the FTS5 index. */
export const OBJECT_KINDS = ['table', 'view', 'virtual table'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** What a column holds, as the exports type it: text (codes among it), a 64-bit integer, a boolean (stored 0/1). */
export const COLUMN_TYPES = ['text', 'integer', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** The database's own facts: one row per key (`title`, `description`, `source`, `licence`). */
export const databaseMetadata = sqliteTable('database_metadata', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** One row per table, view and virtual table a person may query. */
export const tableDescriptions = sqliteTable(
  'table_descriptions',
  {
    name: text('name').primaryKey(),
    kind: text('kind', { enum: OBJECT_KINDS }).notNull(),
    oneRowPer: text('one_row_per').notNull(),
    description: text('description').notNull(),
  },
  (t) => [check('table_descriptions_kind', sql`${t.kind} IN ('table', 'view', 'virtual table')`)],
);

/** One row per column of each described table or view, in the table's column order. */
export const columnDescriptions = sqliteTable(
  'column_descriptions',
  {
    tableName: text('table_name')
      .notNull()
      .references(() => tableDescriptions.name, { onDelete: 'cascade' }),
    columnName: text('column_name').notNull(),
    position: integer('position').notNull(),
    type: text('type', { enum: COLUMN_TYPES }).notNull(),
    nullable: integer('nullable', { mode: 'boolean' }).notNull(),
    description: text('description').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tableName, t.columnName] }),
    check('column_descriptions_type', sql`${t.type} IN ('text', 'integer', 'boolean')`),
  ],
);
