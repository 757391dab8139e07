/**
 * A Datasette `metadata.json` for the reference database, so that `datasette reference.db -m
 * metadata.json` is a browsable site: the title, description, licence and source; every table's,
 * view's and column's description (src/schema/descriptions.ts); full-text search on `procedures`
 * and `code_search_source` through the `code_search` index (its rowid is the source document's
 * id); the catalogs' label columns; and the SQL files of `queries/` as canned queries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { CATALOG_NAMES } from '../domain/fields.js';
import { CATALOGS } from '../schema/fields.js';
import { getTableName } from 'drizzle-orm';
import { DATABASE_METADATA, SCHEMA_DESCRIPTIONS } from '../schema/descriptions.js';
import { CODE_SEARCH_TABLE } from '../schema/search.js';
import { MIGRATIONS_TABLE } from '../db/migrate.js';

/** The tables and views Datasette searches through the code_search index, each by its source-document column. */
export const SEARCHABLE = { procedures: 'document_id', code_search_source: 'document_id' } as const;

/** A canned query from a `.sql` file: its leading `--` comment is its description, its first sentence the title. */
export function cannedQuery(sqlText: string): { title: string; description: string; sql: string } {
  const leading: string[] = [];
  for (const line of sqlText.split('\n')) {
    if (!line.startsWith('--')) break;
    leading.push(line.replace(/^--\s?/, ''));
  }
  const description = leading.join(' ').trim();
  const title = /^[^?.]*[?.]/.exec(description)?.[0] ?? description;
  return { title, description, sql: sqlText.trim() };
}

/** The canned queries of a folder of `.sql` files, by file name without `.sql`, in name order. */
export function cannedQueries(folder: string): Record<string, ReturnType<typeof cannedQuery>> {
  return Object.fromEntries(
    readdirSync(folder)
      .filter((file) => extname(file) === '.sql')
      .sort()
      .map((file) => [basename(file, '.sql'), cannedQuery(readFileSync(join(folder, file), 'utf8'))]),
  );
}

/** Datasette's metadata for the database at `databasePath`, with the queries of `queriesFolder`. */
export function datasetteMetadata(databasePath: string, queriesFolder: string): object {
  const labels = new Map<string, string>(
    CATALOG_NAMES.map((catalog) => [getTableName(CATALOGS[catalog].table), CATALOGS[catalog].value.name]),
  );
  const tables = Object.fromEntries(
    SCHEMA_DESCRIPTIONS.map((object) => {
      const searchPk = (SEARCHABLE as Record<string, string>)[object.name];
      return [
        object.name,
        {
          description: `One row per ${object.oneRowPer}. ${object.description}`,
          columns: Object.fromEntries(object.columns.map((column) => [column.name, column.description])),
          ...(searchPk !== undefined ? { fts_table: CODE_SEARCH_TABLE, fts_pk: searchPk } : {}),
          ...(labels.has(object.name) ? { label_column: labels.get(object.name) } : {}),
        },
      ];
    }),
  );
  return {
    title: DATABASE_METADATA.title,
    description: DATABASE_METADATA.description,
    license: 'CPT: AMA copyright; HCPCS Level II and ICD-10-CM: public domain; NUCC taxonomy: NUCC terms (see the licence note)',
    source: DATABASE_METADATA.source,
    databases: {
      [basename(databasePath, extname(databasePath))]: {
        description: `${DATABASE_METADATA.description} Licence note: ${DATABASE_METADATA.licence}`,
        tables: { ...tables, [MIGRATIONS_TABLE]: { hidden: true } },
        queries: cannedQueries(queriesFolder),
      },
    },
  };
}
