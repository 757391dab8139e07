/**
 * Full-text search over the `code_search` index: every word must match (by stem), best first
 * (bm25), each hit with the passage that matches best.
 *
 * FTS5 makes a passage (`snippet()`) in time quadratic in the number of matches in the row: a
 * row with thousands of matching words takes seconds, one with a hundred thousand minutes. Rows of
 * ordinary size get FTS5's snippet directly; a larger row is cut into excerpts of bounded size,
 * indexed in a temporary table with the same definition, and the snippet is taken from the
 * excerpt that matches best: linear in the row's size.
 */
import type Database from 'better-sqlite3';
import { CODE_SEARCH_COLUMNS, CODE_SEARCH_TABLE } from '../schema/search.js';
import type { procedures } from '../schema/tables.js';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

export interface SearchHit {
  code: Row<typeof procedures>['code'];
  title: Row<typeof procedures>['title'];
  /** The best-matching passage, matches in [brackets]. */
  snippet: string;
  /** bm25 score: lower is a better match. */
  rank: number;
}

/** Free text to FTS5 query words, each quoted so no word is read as syntax; undefined when there are none. */
const searchWords = (text: string): string[] | undefined => text.match(/[\p{L}\p{N}]+/gu)?.map((w) => `"${w}"`) ?? undefined;

/** Free text to an FTS5 query: each word quoted (so no word is read as syntax), all required. */
export function searchQuery(text: string): string | undefined {
  return searchWords(text)?.join(' ');
}

/** Rows whose indexed text is at most this long get FTS5's snippet directly. */
export const DIRECT_SNIPPET_MAX_CHARS = 8 * 1024;
/** A larger row is cut into excerpts of about this many characters, at word boundaries. */
const EXCERPT_CHARS = 4 * 1024;
const EXCERPTS_TABLE = 'code_search_excerpts';

const indexedColumns = CODE_SEARCH_COLUMNS.map(([name]) => name);
const bm25Weights = ['0', ...CODE_SEARCH_COLUMNS.map(([, weight]) => String(weight))].join(', ');
const indexedLength = indexedColumns.map((c) => `coalesce(length(${CODE_SEARCH_TABLE}.${c}), 0)`).join(' + ');
const snippetOf = (table: string) => `snippet(${table}, -1, '[', ']', '…', 16)`;

/** `text` in pieces of about `size` characters, each ending at a space or line end when there is one. */
export function excerpts(text: string, size = EXCERPT_CHARS): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    if (end < text.length) {
      const space = Math.max(text.lastIndexOf(' ', end), text.lastIndexOf('\n', end));
      if (space > start) end = space + 1;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

export interface MatchQuery {
  /** The FTS5 query: every word quoted, all required. */
  readonly all: string;
  /** Any of the words: for choosing the excerpt of a large row. */
  readonly any: string;
}

/** Free text to its FTS5 queries, or undefined when it has no words. */
export function matchQuery(text: string): MatchQuery | undefined {
  const words = searchWords(text);
  return words && { all: words.join(' '), any: words.join(' OR ') };
}

/**
 * The best passage of a row of the index, given its rowid, its FTS5 snippet when the row is of
 * ordinary size (null when it is larger) and the query: a large row's passage is FTS5's snippet of
 * the excerpt that matches best.
 */
export function prepareSnippets(sqlite: Database.Database): (id: number, direct: string | null, query: MatchQuery) => string {
  const rowText = sqlite.prepare<[number], Record<string, string | null>>(
    `SELECT ${indexedColumns.join(', ')} FROM ${CODE_SEARCH_TABLE} WHERE rowid = ?`,
  );
  let excerptStatements: ReturnType<typeof prepareExcerpts> | undefined;

  return (id, direct, query) => {
    if (direct !== null) return direct;
    excerptStatements ??= prepareExcerpts(sqlite);
    const { clear, insert, best } = excerptStatements;
    const row = rowText.get(id) ?? {};
    const placed = new Map<number, { first: boolean; last: boolean }>();
    clear.run();
    for (const column of indexedColumns) {
      const pieces = excerpts(row[column] ?? '');
      pieces.forEach((piece, i) => {
        const excerptId = insert.run({ ...Object.fromEntries(indexedColumns.map((c) => [c, null])), [column]: piece })
          .lastInsertRowid as number;
        placed.set(excerptId, { first: i === 0, last: i === pieces.length - 1 });
      });
    }
    const found = best.get({ query: query.any });
    if (!found) return '';
    const where = placed.get(found.id)!;
    const before = where.first || found.snippet.startsWith('…') ? '' : '…';
    const after = where.last || found.snippet.endsWith('…') ? '' : '…';
    return `${before}${found.snippet}${after}`;
  };
}

/** The SQL of a row's passage when its indexed text is of ordinary size, else NULL (for prepareSnippets). */
export const DIRECT_SNIPPET_SQL = `CASE WHEN ${indexedLength} <= ${DIRECT_SNIPPET_MAX_CHARS} THEN ${snippetOf(CODE_SEARCH_TABLE)} END`;
/** The SQL of a row's bm25 rank, with the columns' weights. */
export const RANK_SQL = `bm25(${CODE_SEARCH_TABLE}, ${bm25Weights})`;

/** A search function over `sqlite`'s index, its statements prepared once. */
export function prepareSearch(sqlite: Database.Database): (text: string, limit: number) => SearchHit[] {
  // Rank every match first, then make snippets for the few returned: a snippet is costly, and
  // SQLite would otherwise make one for every match before sorting.
  const ranked = sqlite.prepare<{ query: string; limit: number }, Omit<SearchHit, 'snippet'> & { id: number; snippet: string | null }>(
    `SELECT ${CODE_SEARCH_TABLE}.code, ${CODE_SEARCH_TABLE}.title, best.rank, best.id, ${DIRECT_SNIPPET_SQL} AS snippet
     FROM (SELECT rowid AS id, ${RANK_SQL} AS rank FROM ${CODE_SEARCH_TABLE}
           WHERE ${CODE_SEARCH_TABLE} MATCH :query ORDER BY rank, rowid LIMIT :limit) AS best
     JOIN ${CODE_SEARCH_TABLE} ON ${CODE_SEARCH_TABLE}.rowid = best.id
     WHERE ${CODE_SEARCH_TABLE} MATCH :query ORDER BY best.rank, best.id`,
  );
  const snippet = prepareSnippets(sqlite);

  return (text, limit) => {
    const query = matchQuery(text);
    if (query === undefined) return [];
    return ranked
      .all({ query: query.all, limit })
      .map(({ code, title, snippet: direct, rank, id }) => ({ code, title, snippet: snippet(id, direct, query), rank }));
  };
}

/**
 * A temporary table defined exactly as the index (same columns, same tokenizer: its definition is
 * read from the schema), for the excerpts of one large row at a time.
 */
function prepareExcerpts(sqlite: Database.Database) {
  const definition = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(CODE_SEARCH_TABLE) as string;
  sqlite.exec(
    definition.replace(/^CREATE VIRTUAL TABLE\s+(`[^`]+`|"[^"]+"|\S+)/i, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.${EXCERPTS_TABLE}`),
  );
  return {
    clear: sqlite.prepare(`DELETE FROM temp.${EXCERPTS_TABLE}`),
    insert: sqlite.prepare(
      `INSERT INTO temp.${EXCERPTS_TABLE} (${indexedColumns.join(', ')}) VALUES (${indexedColumns.map((c) => `:${c}`).join(', ')})`,
    ),
    best: sqlite.prepare<{ query: string }, { id: number; snippet: string }>(
      `SELECT rowid AS id, ${snippetOf(EXCERPTS_TABLE)} AS snippet FROM temp.${EXCERPTS_TABLE}
       WHERE ${EXCERPTS_TABLE} MATCH :query ORDER BY bm25(${EXCERPTS_TABLE}, ${bm25Weights}), rowid LIMIT 1`,
    ),
  };
}
