/**
 * The full-text index `code_search` (SQLite FTS5). A virtual table is beyond drizzle-kit, so it is
 * created by a hand-written migration (migrations/0002_code_search.sql) and named here for the
 * code that fills and reads it. Its rows come from the `code_search_source` view; rowid is the
 * source document's id.
 */
import { sql } from 'drizzle-orm';

export const CODE_SEARCH_TABLE = 'code_search';
export const codeSearch = sql.identifier(CODE_SEARCH_TABLE);

/** The indexed columns in table order, after `code` (unindexed), with their bm25 weights. */
export const CODE_SEARCH_COLUMNS = [
  ['title', 10],
  ['descriptor', 5],
  ['summary', 1],
  ['clinical_context', 1],
  ['modifier_guidance', 2],
] as const;
