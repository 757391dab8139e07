/**
 * Finding documented codes by what they are, as a person narrows a list: free text (the search
 * index), code system, code category, service type, payer, modifier, and whether the document
 * leaves anything unknown; with the count of each value among the codes found (facets), and one
 * page of them, best match first (or by code, without text).
 *
 * The codes found are computed once per call (a materialized CTE) and every facet counted from
 * them in the same statement.
 */
import { getTableName, sql, type SQL } from 'drizzle-orm';
import { settled, type Plan, type ReadDatabase } from '../db/plan.js';
import { CODE_SEARCH_TABLE } from '../schema/search.js';
import { codes, procedureModifiers, procedurePayers, procedures, unknownValues } from '../schema/tables.js';
import { DIRECT_SNIPPET_SQL, matchQuery, prepareSnippets, RANK_SQL, type ScratchDatabase } from './search.js';

/** What findCodes narrows by; each is optional. */
export interface FindCodesFilter {
  /** Words that must all match (by stem), as `search` reads them. */
  readonly text?: string;
  readonly system?: string;
  readonly category?: string;
  /** A service type as documents state it (exactly); `null` for codes whose service type is unknown. */
  readonly serviceType?: string | null;
  /** A payer's name (any case). */
  readonly payer?: string;
  readonly modifier?: string;
  /** Only codes whose documents leave something unknown (true), or nothing (false). */
  readonly hasUnknown?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

export const FACETS = ['system', 'category', 'serviceType', 'payer', 'modifier', 'hasUnknown'] as const;
export type Facet = (typeof FACETS)[number];

/** A value of a facet among the codes found, and how many of them have it (`null`: unknown). */
export interface FacetCount {
  value: string | boolean | null;
  count: number;
}

export interface FoundCode {
  code: string;
  codeSystem: string;
  codeCategory: string;
  title: string | null;
  serviceType: string | null;
  unknownValueCount: number;
  /** The best-matching passage, matches in [brackets]; null without text. */
  snippet: string | null;
}

export interface FoundCodes {
  /** How many codes match, over all pages. */
  total: number;
  codes: FoundCode[];
  /** For each facet, its values among the codes found, most frequent first (payers and modifiers: the first 20). */
  facets: Record<Facet, FacetCount[]>;
}

/** How many values of a many-valued facet (payer, modifier) are counted. */
const FACET_VALUES_SHOWN = 20;

const P = getTableName(procedures);
const C = getTableName(codes);
const PAYERS = getTableName(procedurePayers);
const MODIFIERS = getTableName(procedureModifiers);
const UNKNOWN = getTableName(unknownValues);

const filters = `(:system IS NULL OR c.code_system = :system)
    AND (:category IS NULL OR c.code_category = :category)
    AND (:anyServiceType = 1 OR p.service_type IS :serviceType)
    AND (:payer IS NULL OR EXISTS (SELECT 1 FROM ${PAYERS} x WHERE x.procedure_code = p.code AND x.payer_name = :payer COLLATE NOCASE))
    AND (:modifier IS NULL OR EXISTS (SELECT 1 FROM ${MODIFIERS} x WHERE x.procedure_code = p.code AND x.modifier_code = :modifier))
    AND (:hasUnknown IS NULL OR EXISTS (SELECT 1 FROM ${UNKNOWN} u WHERE u.procedure_code = p.code) = :hasUnknown)`;

/** The codes found, with or without text: `matched` gives each code's rank (and search row) or none. */
const found = (withText: boolean) => `WITH found AS MATERIALIZED (
  SELECT p.code, c.code_system, c.code_category, p.title, p.service_type,
         ${withText ? 'm.rank, m.id' : 'NULL AS rank, NULL AS id'},
         (SELECT count(*) FROM ${UNKNOWN} u WHERE u.procedure_code = p.code) AS unknown_value_count
  FROM ${
    withText
      ? `(SELECT rowid AS id, code, ${RANK_SQL} AS rank FROM ${CODE_SEARCH_TABLE} WHERE ${CODE_SEARCH_TABLE} MATCH :query) AS m
         JOIN ${P} p ON p.code = m.code`
      : `${P} p`
  }
  JOIN ${C} c ON c.code = p.code
  WHERE ${filters})`;

const counted = (facet: Facet, value: string, from = 'found', limit = '') =>
  `SELECT * FROM (SELECT '${facet}' AS facet, ${value} AS value, count(*) AS count FROM ${from}
    GROUP BY 2 ORDER BY 3 DESC, 2${limit})`;
/**
 * A many-valued facet: the codes found joined to the table of their values, the most frequent
 * counted. CROSS JOIN keeps the codes found as the outer loop: SQLite would otherwise scan the whole
 * table of values and look each row up in them.
 */
const countedItems = (facet: Facet, table: string, column: string) =>
  counted(facet, `x.${column}`, `found CROSS JOIN ${table} x ON x.procedure_code = found.code`, ` LIMIT ${FACET_VALUES_SHOWN}`);

const facetsSql = (withText: boolean) => `${found(withText)}
  SELECT 'total' AS facet, NULL AS value, count(*) AS count FROM found
  UNION ALL ${counted('system', 'code_system')}
  UNION ALL ${counted('category', 'code_category')}
  UNION ALL ${counted('serviceType', 'service_type')}
  UNION ALL ${countedItems('payer', PAYERS, 'payer_name')}
  UNION ALL ${countedItems('modifier', MODIFIERS, 'modifier_code')}
  UNION ALL ${counted('hasUnknown', 'unknown_value_count > 0')}`;

const pageSql = (withText: boolean) => `${found(withText)}
  SELECT found.code, code_system AS codeSystem, code_category AS codeCategory, found.title, service_type AS serviceType,
         unknown_value_count AS unknownValueCount, ${
           withText
             ? `(SELECT ${DIRECT_SNIPPET_SQL} FROM ${CODE_SEARCH_TABLE} WHERE rowid = found.id AND ${CODE_SEARCH_TABLE} MATCH :query)`
             : 'NULL'
         } AS snippet, found.id
  FROM found ORDER BY rank, found.code LIMIT :limit OFFSET :offset`;

type Params = Record<string, string | number | null>;

/** SQL written with named parameters (`:name`), each a placeholder bound when the statement runs. */
const withPlaceholders = (text: string): SQL =>
  sql.join(text.split(/:([A-Za-z]\w*)/).map((part, i) => (i % 2 === 1 ? sql.placeholder(part) : sql.raw(part))));

/**
 * The faceted finder over `db`, its statements prepared once; a large row's passage as search
 * makes it (prepareSnippets). Arguments are checked by the caller.
 */
export function prepareFindCodes(db: ReadDatabase, openScratch: () => ScratchDatabase): (filter: FindCodesFilter) => Plan<FoundCodes> {
  const statements = [false, true].map((withText) => ({
    facets: db
      .select({
        facet: sql<Facet | 'total'>`facet`,
        value: sql<string | number | null>`value`,
        count: sql<number>`count`,
      })
      .from(sql`(${withPlaceholders(facetsSql(withText))})`)
      .prepare(),
    page: db
      .select({
        code: sql<string>`code`,
        codeSystem: sql<string>`codeSystem`,
        codeCategory: sql<string>`codeCategory`,
        title: sql<string | null>`title`,
        serviceType: sql<string | null>`serviceType`,
        unknownValueCount: sql<number>`unknownValueCount`,
        snippet: sql<string | null>`snippet`,
        id: sql<number | null>`id`,
      })
      .from(sql`(${withPlaceholders(pageSql(withText))})`)
      .prepare(),
  }));
  const snippetOfRow = prepareSnippets(db, openScratch);

  return function* (filter) {
    const query = filter.text === undefined ? undefined : matchQuery(filter.text);
    const params: Params = {
      system: filter.system ?? null,
      category: filter.category ?? null,
      anyServiceType: filter.serviceType === undefined ? 1 : 0,
      serviceType: filter.serviceType ?? null,
      payer: filter.payer ?? null,
      modifier: filter.modifier ?? null,
      hasUnknown: filter.hasUnknown === undefined ? null : Number(filter.hasUnknown),
      ...(query ? { query: query.all } : {}),
    };
    const result: FoundCodes = {
      total: 0,
      codes: [],
      facets: Object.fromEntries(FACETS.map((f) => [f, [] as FacetCount[]])) as FoundCodes['facets'],
    };
    // Text without a word matches nothing, as search finds nothing for it.
    if (filter.text !== undefined && query === undefined) return result;
    const { facets, page } = statements[query ? 1 : 0]!;
    for (const { facet, value, count } of yield* settled(facets.all(params))) {
      if (facet === 'total') result.total = count;
      else result.facets[facet].push({ value: facet === 'hasUnknown' ? value === 1 : (value as string | null), count });
    }
    const rows = yield* settled(page.all({ ...params, limit: filter.limit ?? 20, offset: filter.offset ?? 0 }));
    for (const { id, snippet: direct, ...row } of rows) {
      result.codes.push({ ...row, snippet: query && id !== null ? yield* snippetOfRow(id, direct, query) : null });
    }
    return result;
  };
}
