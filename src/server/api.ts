/**
 * The JSON API, mirroring the data-access layer: one table of routes, from which the routes are
 * registered and the OpenAPI document (/api/openapi.json) is written, each route's query
 * parameters described by the zod schema it parses them with.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Codebook } from '../access/codebook.js';
import { recordJson } from '../access/record.js';
import { TOOL_VERSION } from '../version.js';
import { CATALOG_KINDS, catalogUses, type CatalogKind } from './pages/catalog.js';
import { findFilter } from './pages/search.js';
import { tableRequest, tableRows } from './pages/tables.js';
import { findParams, HttpError, parseParams, queryParams, relatedParams, searchParams, unknownsParams } from './params.js';
import { answerJson, csvStream, firstRows, type QuerySettings } from './query.js';

export interface ApiContext {
  readonly codebook: Codebook;
  readonly settings: QuerySettings;
  readonly edition: () => string;
}

interface Route<S extends z.ZodType> {
  /** The path as OpenAPI writes it: `/api/codes/{code}`. */
  readonly path: string;
  readonly summary: string;
  /** The query string's schema. */
  readonly query?: S;
  /** Path parameters and what each is. */
  readonly pathParams?: Readonly<Record<string, string>>;
  /** What it answers: a value sent as JSON, or a Response of its own. */
  readonly answer: (api: ApiContext, query: z.infer<S>, path: Record<string, string>, c: Context) => unknown;
}

const route = <S extends z.ZodType = z.ZodObject<Record<string, never>>>(r: Route<S>): Route<z.ZodType> => r as unknown as Route<z.ZodType>;
const noParams = z.strictObject({});
const json = (text: string, status = 200) => new Response(text, { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

const CATALOG_PATHS: Record<CatalogKind, { path: string; what: string }> = {
  modifier: { path: 'modifiers', what: 'a modifier code, e.g. 59' },
  diagnosis: { path: 'diagnoses', what: 'an ICD-10-CM code, with or without its dot' },
  taxonomy: { path: 'taxonomies', what: 'a NUCC provider taxonomy code' },
  payer: { path: 'payers', what: "a payer's name (any case)" },
};

/** A code no document describes: 404, with the codes near it. */
function missingCode(codebook: Codebook, code: string): never {
  const nearby = codebook.nearbyCodes(code, 3);
  throw new HttpError(
    404,
    `no document describes code ${code.trim().toUpperCase()}${nearby.length > 0 ? `; codes near it: ${nearby.join(', ')}` : ''}`,
  );
}

const API_ROUTES: readonly Route<z.ZodType>[] = [
  route({
    path: '/api/codes/{code}',
    summary: "A documented code's record: exactly what `codebook show CODE --json` prints (the same function makes both).",
    pathParams: { code: 'a CPT or HCPCS code' },
    answer: ({ codebook }, _query, { code }) => {
      const record = codebook.getCode(code!);
      return record === undefined ? missingCode(codebook, code!) : json(recordJson(record));
    },
  }),
  route({
    path: '/api/codes/{code}/narrative',
    summary: "A documented code's prose: summary, billing overview, clinical vignette and workflow phases (getNarrative).",
    pathParams: { code: 'a CPT or HCPCS code' },
    answer: ({ codebook }, _query, { code }) => codebook.getNarrative(code!) ?? missingCode(codebook, code!),
  }),
  route({
    path: '/api/codes/{code}/sources',
    summary: "The line of its document each list entry and name of the record is stated on, in the record's order (sourceLines).",
    pathParams: { code: 'a CPT or HCPCS code' },
    answer: ({ codebook }, _query, { code }) => codebook.sourceLines(code!) ?? missingCode(codebook, code!),
  }),
  route({
    path: '/api/codes/{code}/related',
    summary: 'Codes related to a code, in either direction, each with the relationship text and the path:line that states it (relatedTo).',
    pathParams: { code: 'a CPT or HCPCS code' },
    query: relatedParams,
    answer: ({ codebook }, query, { code }) => codebook.relatedTo(code!, { direction: query.direction }),
  }),
  route({
    path: '/api/codes',
    summary: 'Documented codes found by text and facets, a page of 50, with the count of each facet value among all matches (findCodes).',
    query: findParams,
    answer: ({ codebook }, query) => codebook.findCodes(findFilter(query)),
  }),
  route({
    path: '/api/search',
    summary: 'Full-text search, best match first, each hit with its best passage (search).',
    query: searchParams,
    answer: ({ codebook }, query) => codebook.search(query.q, { limit: query.limit }),
  }),
  route({
    path: '/api/unknowns',
    summary: 'The documents builds left out (rejectedDocuments), and every value the documents leave unknown (unknownValues).',
    query: unknownsParams,
    answer: ({ codebook }, query) => ({
      rejectedDocuments: codebook.rejectedDocuments({ code: query.code }),
      unknownValues: codebook.unknownValues({ code: query.code }),
    }),
  }),
  ...CATALOG_KINDS.map((kind) =>
    route({
      path: `/api/${CATALOG_PATHS[kind].path}/{key}`,
      summary: `Every documented code that uses a ${kind}, with what its document says there.`,
      pathParams: { key: CATALOG_PATHS[kind].what },
      answer: ({ codebook }, _query, { key }) => {
        const uses = catalogUses(codebook, kind, key!);
        if (uses.length === 0) throw new HttpError(404, `no document uses ${kind} ${key}`);
        return uses;
      },
    }),
  ),
  route({
    path: '/api/info',
    summary: "The database's edition (what ETags are keyed by), its latest build run, its counts, and this codebook's version.",
    answer: ({ codebook, edition }) => ({ edition: edition(), toolVersion: TOOL_VERSION, ...codebook.info() }),
  }),
  route({
    path: '/api/tables',
    summary: 'The tables and views, with their columns (tables).',
    answer: ({ codebook }) => codebook.tables(),
  }),
  route({
    path: '/api/tables/{name}',
    summary:
      'Every row of a table or view, sorted by `_sort` (`_desc=true`); any other parameter names a column that must equal its value.',
    pathParams: { name: 'a table or view (see /api/tables)' },
    answer: ({ codebook }, _query, { name }, c) => {
      const request = tableRequest(codebook, name!, { ...c.req.query(), _format: 'json' });
      const { columns, rows, total } = tableRows(codebook, request);
      return { columns, rows, total };
    },
  }),
  route({
    path: '/api/query',
    summary: 'One read-only SQL statement, stopped at the time limit: JSON (the first 1,000 rows) or CSV (every row).',
    query: queryParams,
    answer: async ({ settings }, query, _path, c) => {
      if (query._format === 'csv')
        return new Response(await csvStream(settings, query.sql, c.req.raw.signal), {
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="query.csv"' },
        });
      return json(answerJson(await firstRows(settings, query.sql, c.req.raw.signal)));
    },
  }),
];

/** Registers the API's routes on `app`. */
export function registerApi(app: Hono, api: ApiContext): void {
  for (const r of API_ROUTES) {
    const honoPath = r.path.replace(/\{(\w+)\}/g, ':$1');
    app.get(honoPath, async (c) => {
      // Tables take any column as a parameter; every other route knows its parameters.
      const query = r.path === '/api/tables/{name}' ? {} : parseParams(r.query ?? noParams, c.req.query());
      const answer = await r.answer(api, query, c.req.param() as Record<string, string>, c);
      return answer instanceof Response ? answer : c.json(answer as object);
    });
  }
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
}

/** A route's query parameters for OpenAPI, from its zod schema. */
function queryParameters(schema: z.ZodType | undefined) {
  if (schema === undefined) return [];
  const json = z.toJSONSchema(schema, { io: 'input' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, description, schema: rest };
  });
}

/** The OpenAPI 3.1 document of the API. */
function openApiDocument() {
  const paths: Record<string, unknown> = {};
  for (const r of API_ROUTES) {
    paths[r.path] = {
      get: {
        summary: r.summary,
        parameters: [
          ...Object.entries(r.pathParams ?? {}).map(([name, description]) => ({
            name,
            in: 'path',
            required: true,
            description,
            schema: { type: 'string' },
          })),
          ...queryParameters(r.query),
        ],
        responses: {
          200: { description: 'OK', content: { [r.path === '/api/query' ? 'application/json, text/csv' : 'application/json']: {} } },
          304: { description: 'Not modified: the ETag given in If-None-Match is the current edition' },
          400: { description: 'A bad parameter, named in `error`', content: { 'application/json': { schema: ERROR_SCHEMA } } },
          ...(r.pathParams ? { 404: { description: 'Not found', content: { 'application/json': { schema: ERROR_SCHEMA } } } } : {}),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'codebook',
      version: TOOL_VERSION,
      description: 'A read-only API over a codebook reference database of medical billing codes.',
    },
    paths,
  };
}

/** What every error answers: `{ "error": "…" }`. */
const errorBody = z.object({ error: z.string() });
const ERROR_SCHEMA = z.toJSONSchema(errorBody);
