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

/** A search function over `sqlite`'s index, its statements prepared once. */
export function prepareSearch(sqlite: Database.Database): (text: string, limit: number) => SearchHit[] {
  // Rank every match first, then make snippets for the few returned: a snippet is costly, and
  // SQLite would otherwise make one for every match before sorting.
  const ranked = sqlite.prepare<
    { query: string; limit: number; direct: number },
    Omit<SearchHit, 'snippet'> & { id: number; snippet: string | null }
  >(
    `SELECT ${CODE_SEARCH_TABLE}.code, ${CODE_SEARCH_TABLE}.title, best.rank, best.id,
            CASE WHEN ${indexedLength} <= :direct THEN ${snippetOf(CODE_SEARCH_TABLE)} END AS snippet
     FROM (SELECT rowid AS id, bm25(${CODE_SEARCH_TABLE}, ${bm25Weights}) AS rank FROM ${CODE_SEARCH_TABLE}
           WHERE ${CODE_SEARCH_TABLE} MATCH :query ORDER BY rank, rowid LIMIT :limit) AS best
     JOIN ${CODE_SEARCH_TABLE} ON ${CODE_SEARCH_TABLE}.rowid = best.id
     WHERE ${CODE_SEARCH_TABLE} MATCH :query ORDER BY best.rank, best.id`,
  );
  const rowText = sqlite.prepare<[number], Record<string, string | null>>(
    `SELECT ${indexedColumns.join(', ')} FROM ${CODE_SEARCH_TABLE} WHERE rowid = ?`,
  );
  let excerptStatements: ReturnType<typeof prepareExcerpts> | undefined;

  /** The best passage of a large row: FTS5's snippet of the excerpt that matches best. */
  function largeRowSnippet(id: number, words: readonly string[]): string {
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
    const found = best.get({ query: words.join(' OR ') });
    if (!found) return '';
    const where = placed.get(found.id)!;
    const before = where.first || found.snippet.startsWith('…') ? '' : '…';
    const after = where.last || found.snippet.endsWith('…') ? '' : '…';
    return `${before}${found.snippet}${after}`;
  }

  return (text, limit) => {
    const words = searchWords(text);
    if (words === undefined) return [];
    return ranked
      .all({ query: words.join(' '), limit, direct: DIRECT_SNIPPET_MAX_CHARS })
      .map(({ code, title, snippet, rank, id }) => ({ code, title, snippet: snippet ?? largeRowSnippet(id, words), rank }));
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
