/**
 * Writes what the database is and what every table, view and column holds (src/schema/descriptions.ts)
 * into its metadata tables. Run by `migrate` in the migration's transaction whenever the database is
 * brought to this codebook's schema, so the rows describe the schema the file has.
 */
import type Database from 'better-sqlite3';
import { DATABASE_METADATA, SCHEMA_DESCRIPTIONS } from '../schema/descriptions.js';

export function writeSchemaDescriptions(sqlite: Database.Database): void {
  sqlite.exec('DELETE FROM column_descriptions; DELETE FROM table_descriptions; DELETE FROM database_metadata;');
  const metadata = sqlite.prepare('INSERT INTO database_metadata (key, value) VALUES (?, ?)');
  for (const [key, value] of Object.entries(DATABASE_METADATA)) metadata.run(key, value);
  const object = sqlite.prepare('INSERT INTO table_descriptions (name, kind, one_row_per, description) VALUES (?, ?, ?, ?)');
  const column = sqlite.prepare(
    'INSERT INTO column_descriptions (table_name, column_name, position, type, nullable, description) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const described of SCHEMA_DESCRIPTIONS) {
    object.run(described.name, described.kind, described.oneRowPer, described.description);
    described.columns.forEach((c, i) => column.run(described.name, c.name, i + 1, c.type, c.nullable ? 1 : 0, c.description));
  }
}
