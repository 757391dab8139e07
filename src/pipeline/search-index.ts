/** Filling the full-text index from what was loaded: the last step of loading. */
import { sql } from 'drizzle-orm';
import type { CodebookDatabase } from '../db/connection.js';
import { CODE_SEARCH_COLUMNS, codeSearch } from '../schema/search.js';
import { codeSearchSource } from '../schema/views.js';

const columns = sql.raw(CODE_SEARCH_COLUMNS.map(([name]) => name).join(', '));

/** Indexes the given documents (all loaded documents when none are given). */
export function indexForSearch(db: CodebookDatabase, documentIds?: readonly number[]): void {
  const only = documentIds === undefined ? sql`` : sql`WHERE document_id IN (SELECT value FROM json_each(${JSON.stringify(documentIds)}))`;
  db.run(sql`INSERT INTO ${codeSearch} (rowid, code, ${columns}) SELECT document_id, code, ${columns} FROM ${codeSearchSource} ${only}`);
  // A full build leaves the index in many segments; merged into one, every query reads less.
  if (documentIds === undefined) db.run(sql`INSERT INTO ${codeSearch} (${codeSearch}) VALUES ('optimize')`);
}
