/**
 * The explorer and its JSON API as a Hono app, over one read-only Codebook: server-rendered HTML
 * that needs no JavaScript (and is allowed none: the Content-Security-Policy forbids scripts), a
 * strict CSP, ETags keyed by the database's edition, and errors as 400 and 404 pages that say
 * what was wrong. `codebook serve` runs it on @hono/node-server; the tests call `app.request()`.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { secureHeaders } from 'hono/secure-headers';
import type { Codebook } from '../access/codebook.js';
import { registerApi } from './api.js';
import { layout, STYLESHEET, type Html } from './layout.js';
import { catalogPage, type CatalogKind } from './pages/catalog.js';
import { codePage, missingCodePage } from './pages/code.js';
import { searchPage } from './pages/search.js';
import { sqlPage } from './pages/sql.js';
import { tablePage, tableRequest, tableRows, tablesPage } from './pages/tables.js';
import { unknownsPage } from './pages/unknowns.js';
import { findParams, HttpError, parseParams, sqlParams, unknownsPageParams } from './params.js';
import { resultWriter } from '../access/format.js';
import { firstRows, type QuerySettings } from './query.js';

export interface AppOptions {
  readonly codebook: Codebook;
  /** The database's path, for the query processes of the SQL page. */
  readonly database: string;
  /** The SQL page's time limit. */
  readonly sqlTimeoutMs: number;
  /** The database's edition (edition.ts): what the ETags are keyed by. */
  readonly edition: () => string;
}

/** A script-free, frame-free, same-origin-only page. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/** Routes whose answers do not come from the server's connection (user SQL runs in a process that opens the path): no ETag. */
const UNCACHED = new Set(['/sql', '/api/query']);

const isApi = (c: Context) => c.req.path.startsWith('/api/');

export function createApp(options: AppOptions): Hono {
  const { codebook, edition } = options;
  const settings: QuerySettings = { database: options.database, timeoutMs: options.sqlTimeoutMs };
  const app = new Hono();
  // The footer names the latest build: read again only when the edition changes.
  let footer: { edition: string; text: string } | undefined;
  const built = (): string => {
    const current = edition();
    if (footer?.edition !== current) {
      const run = codebook.info().latest;
      footer = { edition: current, text: run ? `Built by ${run.kind} at ${run.startedAt} with codebook ${run.toolVersion}` : '' };
    }
    return footer.text;
  };
  const page = (c: Context, content: { title: string; body: Html }, status: 200 | 400 | 404 | 500 = 200, searchText?: string) =>
    c.html(layout({ title: content.title, searchText, built: built() }, content.body), status);

  app.use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));

  // A weak ETag keyed by the edition: a revalidation costs one pragma, not the page.
  app.use(async (c, next) => {
    if (c.req.method !== 'GET' || UNCACHED.has(c.req.path)) return next();
    const tag = `W/"${edition()}"`;
    if (
      c.req
        .header('if-none-match')
        ?.split(',')
        .some((t) => t.trim() === tag)
    ) {
      return c.body(null, 304, { etag: tag, 'cache-control': 'no-cache' });
    }
    await next();
    if (c.res.status === 200) {
      c.header('etag', tag);
      c.header('cache-control', 'no-cache');
    }
  });

  app.get('/style.css', (c) => c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8' }));

  app.get('/', (c) => {
    const params = parseParams(findParams, c.req.query());
    return page(c, searchPage(codebook, params), 200, params.q);
  });

  app.get('/codes/:code', (c) => {
    const code = c.req.param('code');
    const record = codebook.getCode(code);
    return record === undefined ? page(c, missingCodePage(codebook, code), 404) : page(c, codePage(codebook, record));
  });

  const catalogRoutes: [string, CatalogKind][] = [
    ['/modifiers/:key', 'modifier'],
    ['/diagnoses/:key', 'diagnosis'],
    ['/taxonomies/:key', 'taxonomy'],
    ['/payers/:key', 'payer'],
  ];
  for (const [path, kind] of catalogRoutes) {
    app.get(path, (c) => {
      const key = c.req.param('key')!;
      const found = catalogPage(codebook, kind, key);
      if (found === undefined) throw new HttpError(404, `no document uses ${kind} ${key}`);
      return page(c, found);
    });
  }

  app.get('/unknowns', (c) => page(c, unknownsPage(codebook, parseParams(unknownsPageParams, c.req.query()))));

  app.get('/tables', (c) => page(c, tablesPage(codebook)));
  app.get('/tables/:name', (c) => {
    const request = tableRequest(codebook, c.req.param('name')!, c.req.query());
    const rows = tableRows(codebook, request);
    if (request.format === 'html') return page(c, tablePage(request, rows));
    const writer = resultWriter(rows.columns, request.format);
    const filename = `${request.table.name}.${request.format}`;
    return c.body(writer.rows(rows.rows) + writer.end(), 200, {
      'content-type': request.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
    });
  });

  app.get('/sql', async (c) => {
    const { sql } = parseParams(sqlParams, c.req.query());
    if (sql === undefined || sql.trim() === '') return page(c, sqlPage(sql, undefined, settings.timeoutMs));
    try {
      return page(c, sqlPage(sql, await firstRows(settings, sql, c.req.raw.signal), settings.timeoutMs));
    } catch (e) {
      return page(c, sqlPage(sql, e as Error, settings.timeoutMs), 400);
    }
  });

  registerApi(app, { codebook, settings, edition });

  app.notFound((c) =>
    isApi(c)
      ? c.json({ error: `no API route ${c.req.path} (see /api/openapi.json)` }, 404)
      : page(
          c,
          {
            title: 'Not found',
            body: html`<h1>Not found</h1>
              <p>There is no page at ${c.req.path}.</p>`,
          },
          404,
        ),
  );

  app.onError((error, c) => {
    // User SQL that fails (bad SQL, not read-only, over its time limit) is the request's fault: 400.
    const status = error instanceof HttpError ? error.status : c.req.path === '/api/query' ? 400 : 500;
    const message = status === 500 ? `internal error: ${error.message}` : error.message;
    if (status === 500) console.error(error);
    if (isApi(c)) return c.json({ error: message }, status);
    const title = status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Error';
    return page(
      c,
      {
        title,
        body: html`<h1>${title}</h1>
          <p class="error">${message}</p>`,
      },
      status,
    );
  });

  return app;
}
