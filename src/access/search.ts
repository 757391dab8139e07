/**
 * Full-text search over the `code_search` index, best first (bm25), each hit with the passage that
 * matches best. By default every word must match (by stem) and nothing in the text is syntax; the
 * other modes match a phrase, prefixes, or an FTS5 query as written.
 *
 * FTS5 makes a passage (`snippet()`) in time quadratic in the number of matches in the row: a
 * row with thousands of matching words takes seconds, one with a hundred thousand minutes. Rows of
 * ordinary size get FTS5's snippet directly; a larger row is cut into excerpts of bounded size,
 * indexed in a table with the same definition in a scratch database of its own (in memory, on the
 * caller's driver), and the snippet is taken from the excerpt that matches best: linear in the
 * row's size.
 */
import { sql } from 'drizzle-orm';
import { settled, values, type Plan, type ReadDatabase } from '../db/plan.js';
import type { SearchMode } from '../domain/search.js';
import { codeSearch, CODE_SEARCH_COLUMNS, CODE_SEARCH_TABLE } from '../schema/search.js';
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

/** A `raw` search whose text is not a valid FTS5 query. */
export class SearchQueryError extends Error {
  override name = 'SearchQueryError';
}

/** The text's words, each quoted so that no word is read as syntax; undefined when there are none. */
const quotedWords = (text: string): string[] | undefined => text.match(/[\p{L}\p{N}]+/gu)?.map((w) => `"${w}"`) ?? undefined;

/** Free text to the FTS5 query `mode` makes of it; undefined when there is nothing to search for. */
export function searchQuery(text: string, mode: SearchMode = 'words'): string | undefined {
  if (mode === 'raw') return text.trim() === '' ? undefined : text;
  const words = quotedWords(text);
  if (words === undefined) return undefined;
  if (mode === 'phrase') return `"${words.map((w) => w.slice(1, -1)).join(' ')}"`;
  return mode === 'prefix' ? words.map((w) => `${w}*`).join(' ') : words.join(' ');
}

/** What an excerpt of a large row must match to be the passage shown: any one of the query's terms (the raw query itself, in raw mode). */
function excerptQuery(text: string, mode: SearchMode): string {
  if (mode === 'raw') return text;
  const words = quotedWords(text) ?? [];
  return words.map((w) => (mode === 'prefix' ? `${w}*` : w)).join(' OR ');
}

/** Rows whose indexed text is at most this long get FTS5's snippet directly. */
export const DIRECT_SNIPPET_MAX_CHARS = 8 * 1024;
/** A larger row is cut into excerpts of about this many characters, at word boundaries. */
const EXCERPT_CHARS = 4 * 1024;
const EXCERPTS_TABLE = 'code_search_excerpts';
const excerptsTable = sql.identifier(EXCERPTS_TABLE);

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

/** A private, writable database for the excerpts of one large row, on the caller's driver. */
export interface ScratchDatabase {
  readonly db: ReadDatabase;
  close(): void | Promise<void>;
}

/**
 * SQLite's message when `e` (or its cause: drizzle wraps some drivers' errors) is an FTS5 error —
 * `fts5: syntax error near …`, `no such column: …`, `unknown special query: …` — so the query was
 * not valid; without libSQL's `SQLITE_ERROR: ` before it.
 */
function queryErrorMessage(e: unknown): string | undefined {
  for (let error = e; error instanceof Error; error = error.cause) {
    const message = error.message.replace(/^SQLITE_\w+: /, '');
    if (/^(fts5: |no such column|unknown special query|malformed MATCH)/i.test(message)) return message;
  }
  return undefined;
}

/** The FTS5 queries `mode` makes of free text: the one rows must match, and the one an excerpt of a large row must match. */
export interface MatchQuery {
  /** What a row must match. */
  readonly all: string;
  /** What an excerpt of a large row must match to be the passage shown: any one of the query's terms. */
  readonly any: string;
}

/** Free text to its FTS5 queries in `mode`, or undefined when there is nothing to search for. */
export function matchQuery(text: string, mode: SearchMode = 'words'): MatchQuery | undefined {
  const all = searchQuery(text, mode);
  return all === undefined ? undefined : { all, any: excerptQuery(text, mode) };
}

/** A row's passage when its indexed text is of ordinary size, else NULL (for prepareSnippets). */
export const DIRECT_SNIPPET_SQL = `CASE WHEN ${indexedLength} <= ${DIRECT_SNIPPET_MAX_CHARS} THEN ${snippetOf(CODE_SEARCH_TABLE)} END`;
/** A row's bm25 rank, with the columns' weights. */
export const RANK_SQL = `bm25(${CODE_SEARCH_TABLE}, ${bm25Weights})`;

/**
 * The best passage of a row of the index, given its rowid, its FTS5 snippet when the row is of
 * ordinary size (null when it is larger) and the query: a large row's passage is FTS5's snippet
 * of the excerpt that matches best, from excerpts indexed in a scratch database that
 * `openScratch` opens (see above).
 */
export function prepareSnippets(
  db: ReadDatabase,
  openScratch: () => ScratchDatabase,
): (id: number, direct: string | null, query: MatchQuery) => Plan<string> {
  const rowText = db
    .select(Object.fromEntries(indexedColumns.map((c) => [c, sql<string | null>`${sql.identifier(c)}`])))
    .from(sql`${codeSearch}`)
    .where(sql`rowid = ${sql.placeholder('id')}`)
    .prepare();
  let definition: string | undefined;

  return function* (id, direct, query) {
    if (direct !== null) return direct;
    const row = ((yield* settled(rowText.get({ id }))) ?? {}) as Record<string, string | null>;
    if (definition === undefined) {
      // The excerpts' table is defined exactly as the index: same columns, same tokenizer.
      const [[created] = ['']] = yield* values<[string]>(db, sql`SELECT sql FROM sqlite_master WHERE name = ${CODE_SEARCH_TABLE}`);
      definition = created.replace(/^CREATE VIRTUAL TABLE\s+(`[^`]+`|"[^"]+"|\S+)/i, `CREATE VIRTUAL TABLE ${EXCERPTS_TABLE}`);
    }
    const scratch = openScratch();
    try {
      yield* settled(scratch.db.run(sql.raw(definition)));
      const placed = new Map<number, { first: boolean; last: boolean }>();
      for (const column of indexedColumns) {
        const pieces = excerpts(row[column] ?? '');
        for (const [i, piece] of pieces.entries()) {
          const excerptId = placed.size + 1;
          const row = indexedColumns.map((c) => (c === column ? piece : null));
          yield* settled(
            scratch.db.run(sql`INSERT INTO ${excerptsTable} (rowid, ${sql.raw(indexedColumns.join(', '))})
              VALUES (${excerptId}, ${sql.join(
                row.map((v) => sql`${v}`),
                sql`, `,
              )})`),
          );
          placed.set(excerptId, { first: i === 0, last: i === pieces.length - 1 });
        }
      }
      const [found] = yield* values<[number, string]>(
        scratch.db,
        sql`SELECT rowid, ${sql.raw(snippetOf(EXCERPTS_TABLE))} FROM ${excerptsTable}
            WHERE ${excerptsTable} MATCH ${query.any} ORDER BY bm25(${excerptsTable}, ${sql.raw(bm25Weights)}), rowid LIMIT 1`,
      );
      if (!found) return '';
      const [excerptId, snippet] = found;
      const where = placed.get(Number(excerptId))!;
      const before = where.first || snippet.startsWith('…') ? '' : '…';
      const after = where.last || snippet.endsWith('…') ? '' : '…';
      return `${before}${snippet}${after}`;
    } finally {
      yield* settled(scratch.close());
    }
  };
}

/** A search function over `db`'s index, its statements prepared once; a large row's passage as prepareSnippets makes it. */
export function prepareSearch(
  db: ReadDatabase,
  openScratch: () => ScratchDatabase,
): (text: string, limit: number, mode: SearchMode) => Plan<SearchHit[]> {
  // Rank every match first, then make snippets for the few returned: a snippet is costly, and
  // SQLite would otherwise make one for every match before sorting.
  const match = sql.placeholder('query');
  const ranked = db
    .select({
      code: sql<string>`${codeSearch}.code`,
      title: sql<string | null>`${codeSearch}.title`,
      rank: sql<number>`best.rank`,
      id: sql<number>`best.id`,
      snippet: sql<string | null>`${sql.raw(DIRECT_SNIPPET_SQL)}`,
    })
    .from(
      sql`(SELECT rowid AS id, ${sql.raw(RANK_SQL)} AS rank FROM ${codeSearch}
           WHERE ${codeSearch} MATCH ${match} ORDER BY rank, rowid LIMIT ${sql.placeholder('limit')}) AS best
           JOIN ${codeSearch} ON ${codeSearch}.rowid = best.id`,
    )
    .where(sql`${codeSearch} MATCH ${match}`)
    .orderBy(sql`best.rank`, sql`best.id`)
    .prepare();
  const snippetOfRow = prepareSnippets(db, openScratch);

  return function* (text, limit, mode) {
    const query = matchQuery(text, mode);
    if (query === undefined) return [];
    try {
      const hits = yield* settled(ranked.all({ query: query.all, limit }));
      const found: SearchHit[] = [];
      for (const { code, title, snippet, rank, id } of hits)
        found.push({ code, title, snippet: yield* snippetOfRow(id, snippet, query), rank });
      return found;
    } catch (e) {
      const message = mode === 'raw' ? queryErrorMessage(e) : undefined;
      if (message !== undefined) throw new SearchQueryError(`search: ${JSON.stringify(text)} is not a valid FTS5 query: ${message}`);
      throw e;
    }
  };
}
