/**
 * `codebook serve` at the HTTP level, in process (Hono's app.request): every page, the API
 * against the data-access layer's own output, every error status, the ETag, and escaping of a
 * document written to attack the pages.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCodebook, type Codebook } from '../src/access/codebook.js';
import { recordJson } from '../src/access/record.js';
import { ingest } from '../src/pipeline/ingest.js';
import { provision } from '../src/pipeline/provision.js';
import { createApp, CONTENT_SECURITY_POLICY } from '../src/server/app.js';
import { databaseEdition, editionTracker } from '../src/server/edition.js';
import { codebook as runCodebook, makeDocument, SEED_TEXT, tempDir, writeFiles } from './helpers.js';

const UNKNOWN = 'Data not available in the input.';
/** Text that would run script or inject markup if a page did not escape it. */
const EVIL = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`;
const EVIL_LINK = `<a href="javascript:alert(3)">click</a>`;

let dir: string;
let dbPath: string;
let codebook: Codebook;
let app: Hono;
/** The same app with a time limit any statement that runs for ever reaches quickly. */
let hurried: Hono;

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
const page = async (path: string, status = 200): Promise<string> => {
  const res = await get(path);
  const body = await res.text();
  expect(res.status, `${path}: ${body.slice(0, 500)}`).toBe(status);
  return body;
};
const api = async (path: string, status = 200): Promise<unknown> => {
  const res = await get(path);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await res.text();
  expect(res.status, `${path}: ${body.slice(0, 500)}`).toBe(status);
  return JSON.parse(body);
};
/** The hrefs of a page, as the browser would read them (entities decoded). */
const hrefs = (body: string): string[] => [...body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

beforeAll(async () => {
  dir = tempDir();
  const seeds = writeFiles(join(dir, 'seeds'), {
    'cpt-20956.txt': SEED_TEXT,
    'cpt-11111.txt': makeDocument({
      code: '11111',
      title: 'Plain Procedure',
      summary: 'A bone graft, plainly.',
      payers: 'Aetna, Humana, and Medicare',
      modifiers: [['59', 'Distinct procedural service', 'When the procedure is separate.']],
      diagnoses: [['M17.11', 'Unilateral primary osteoarthritis, right knee', 'Degenerative joint disease.']],
      taxonomies: [['207X00000X', 'Orthopaedic Surgery', 'Performs it.']],
      related: [['20956', 'Vascularized bone graft; includes harvest and microvascular anastomosis', 'The vascularized alternative.']],
    }),
    'cpt-22222.txt': makeDocument({
      code: '22222',
      title: `Hostile ${EVIL}`,
      summary: `A summary ${EVIL} [click](javascript:alert(4))`,
      serviceType: `Surgical ${EVIL}`,
      modifiers: [['59', `Distinct ${EVIL}`, `When <script>alert(5)</script>`]],
      diagnoses: [['M17.11', `Knee ${EVIL}`, 'javascript:alert(6)']],
      taxonomies: [['207X00000X', 'Orthopaedic Surgery', `"><img src=x onerror=alert(7)>`]],
      related: [['11111', `Descriptor ${EVIL}`, `${EVIL_LINK} ${EVIL}`]],
    }),
    'hcpcs-J1234.txt': makeDocument({ code: 'J1234', system: 'HCPCS', title: 'An Injection', serviceType: UNKNOWN }),
    'cpt-33333.txt': 'not a billing code overview\n',
  });
  dbPath = join(dir, 'reference.db');
  await provision(seeds, dbPath, { keepGoing: true });
  codebook = openCodebook(dbPath);
  // Long enough for a query process started from source (through tsx) on a busy machine.
  app = createApp({ codebook, database: dbPath, sqlTimeoutMs: 60_000, edition: editionTracker(codebook) });
  hurried = createApp({ codebook, database: dbPath, sqlTimeoutMs: 1000, edition: editionTracker(codebook) });
});

afterAll(() => codebook.close());

describe('every page', () => {
  it('is served with a strict Content-Security-Policy and no script', async () => {
    const res = await get('/');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(CONTENT_SECURITY_POLICY.defaultSrc).toEqual(["'none'"]);
    expect(await res.text()).not.toMatch(/<script/i);
    expect((await get('/style.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('search: every documented code, with facets and their counts', async () => {
    const body = await page('/');
    expect(body).toContain('<h1>4 codes</h1>');
    for (const code of ['11111', '20956', '22222', 'J1234']) expect(hrefs(body)).toContain(`/codes/${code}`);
    expect(body).toMatch(/<a href="\/\?system=CPT">\s*CPT\s*<\/a>\s*\(3\)/);
    expect(body).toMatch(/<a href="\/\?system=HCPCS">\s*HCPCS\s*<\/a>\s*\(1\)/);
    expect(body).toMatch(/<a href="\/\?payer=Aetna">\s*Aetna\s*<\/a>\s*\(4\)/);
    expect(body).toMatch(/<a href="\/\?payer=Humana">\s*Humana\s*<\/a>\s*\(1\)/);
    expect(body).toMatch(/<a href="\/\?modifier=59">\s*59\s*<\/a>\s*\(2\)/);
    expect(body).toMatch(/<a href="\/\?serviceTypeUnknown=true">\s*<span class="unknown">unknown<\/span>\s*<\/a>\s*\(1\)/);
    expect(body).toMatch(/<a href="\/\?unknown=yes">\s*some unknown\s*<\/a>\s*\(\d+\)/);
  });

  it('search: text and facets narrow the codes, and the counts with them', async () => {
    const graft = await page('/?q=grafts');
    expect(graft).toContain('<h1>2 codes matching “grafts”</h1>');
    expect(hrefs(graft)).toEqual(expect.arrayContaining(['/codes/20956', '/codes/11111']));
    expect(graft).toContain('[graft]');
    const narrowed = await page('/?q=grafts&modifier=59');
    expect(narrowed).toContain('<h1>1 code matching “grafts”</h1>');
    expect(hrefs(narrowed)).toContain('/codes/11111');
    expect(hrefs(narrowed)).not.toContain('/codes/20956');
    // The selected value links to the same search without it.
    expect(narrowed).toMatch(/<li class="selected"><a href="\/\?q=grafts">\s*59\s*<\/a> \(1\) ✕<\/li>/);
    expect(await page('/?serviceTypeUnknown=true')).toContain('<h1>1 code</h1>');
    expect(await page('/?system=HCPCS&unknown=no')).toContain('<h1>0 codes</h1>');
    expect(await page('/?q=%2B%2B')).toContain('<h1>0 codes');
  });

  it('search: pages of 50', async () => {
    expect(await page('/?page=2')).toContain('page 2 of 1');
    expect(await page('/')).not.toContain('rel="next"');
  });

  it("a code's page: the record, unknown as unknown with why and where, related codes both ways, catalog links", async () => {
    const body = await page('/codes/20956');
    expect(body).toContain('<h1>CPT 20956: Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis</h1>');
    // The seed's diagnoses are the sentinel: unknown, with why and where; never "none".
    expect(body).toMatch(
      /<p data-field="diagnoses">\s*<span class="unknown">unknown: sentinel<\/span>\s*<span class="source">[^<]*cpt-20956.txt:32<\/span>/,
    );
    // Each modifier links to its catalog page, with the line that states it.
    const row = (code: string) =>
      new RegExp(`<tr>\\s*<td><a href="/modifiers/${code}">${code}</a></td>((?:(?!</tr>)[\\s\\S])*)</tr>`).exec(body)?.[1];
    expect(row('62')).toMatch(/<td>Two surgeons<\/td>[\s\S]*<span class="source">[^<]*cpt-20956.txt:16<\/span>/);
    // An entry's unknown field: unknown, with why.
    expect(row('76')).toMatch(
      /<td><span class="unknown">unknown: sentinel<\/span><\/td>\s*<td><span class="unknown">unknown: sentinel<\/span><\/td>/,
    );
    expect(hrefs(body)).toEqual(expect.arrayContaining(['/payers/Medicare', '/codes/20955', '/codes/11111']));
    // Out: what its document lists; in: 11111's document lists it.
    expect(body).toMatch(/<table data-direction="out">[\s\S]*?\/codes\/20955[\s\S]*?<\/table>/);
    expect(body).toMatch(
      /<table data-direction="in">[\s\S]*?\/codes\/11111[\s\S]*?The vascularized alternative\.[\s\S]*?seeds\/cpt-11111.txt:\d+/,
    );
    expect(body).toContain(`sha256 ${codebook.getCode('20956')!.sources[0]!.sha256}`);
  });

  it("a code's page: an empty list is none, a missing service type unknown", async () => {
    const body = await page('/codes/J1234');
    expect(body).toMatch(/<dd data-field="serviceType">\s*<span class="unknown">unknown: sentinel<\/span>/);
    expect(body).toMatch(/<p data-field="modifiers">\s*<span class="none">none<\/span>/);
    expect(await page('/codes/j1234')).toContain('<h1>HCPCS J1234: An Injection</h1>');
  });

  it('catalog pages: every code that uses the entry, with its text and line', async () => {
    const modifier = await page('/modifiers/59');
    expect(modifier).toContain('<h1>Modifier 59</h1>');
    expect(modifier).toMatch(/\/codes\/11111[\s\S]*When the procedure is separate\.[\s\S]*seeds\/cpt-11111.txt:\d+/);
    expect(hrefs(modifier)).toContain('/codes/22222');
    expect(await page('/diagnoses/M1711')).toContain('<h1>ICD-10-CM M17.11</h1>');
    expect(await page('/taxonomies/207X00000X')).toContain('Performs it.');
    const payer = await page('/payers/humana');
    expect(payer).toContain('<h1>Payer Humana</h1>');
    expect(hrefs(payer)).toContain('/codes/11111');
    expect(hrefs(payer)).not.toContain('/codes/20956');
  });

  it('unknowns: the rejected document, values by field and reason, each linking to its code', async () => {
    const body = await page('/unknowns');
    expect(body).toContain('Documents left out (1)');
    expect(body).toContain('seeds/cpt-33333.txt');
    expect(body).toMatch(/<a href="\/unknowns\?field=diagnoses&amp;reason=sentinel">\s*diagnoses\s*<\/a>/);
    const filtered = await page('/unknowns?field=serviceType&reason=sentinel');
    expect(filtered).toMatch(/1 unknown\s+value\s+of serviceType\s+\(sentinel\)/);
    expect(filtered).toMatch(/<a href="\/codes\/J1234">J1234<\/a>/);
  });

  it("tables: the schema's tables and views; one browsed, sorted, filtered, downloaded", async () => {
    const list = await page('/tables');
    for (const name of ['procedures', 'procedure_overview', 'related_codes', 'code_search'])
      expect(hrefs(list)).toContain(`/tables/${name}`);
    const sorted = await page('/tables/procedures?_sort=code&_desc=true');
    expect(sorted.indexOf('<td>J1234</td>')).toBeLessThan(sorted.indexOf('<td>11111</td>'));
    expect(await page('/tables/modifier_usage?procedure_code=11111')).toContain('1 row ·');
    expect(await page('/tables/modifier_usage?_filter_column=modifier_code&_filter_value=59')).toContain('2 rows ·');
    const csv = await get('/tables/procedure_payers?procedure_code=11111&_sort=position&_format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\n').map((line) => line.split(',')[2])).toEqual([
      'payer_name',
      'Aetna',
      'Humana',
      'Medicare',
      undefined,
    ]);
    const json = JSON.parse(await (await get('/tables/codes?code=11111&_format=json')).text());
    expect(json).toEqual([
      {
        code: '11111',
        code_system: 'CPT',
        code_category: 'Category I',
        descriptor: 'Descriptor of 11111',
        descriptor_document_id: expect.any(Number),
      },
    ]);
  });

  it('SQL: a read-only statement and its rows, with download links', async () => {
    const body = await page(`/sql?sql=${encodeURIComponent('SELECT code FROM procedures ORDER BY code')}`);
    expect(body).toContain('4 rows');
    expect(body).toMatch(/<td>\s*11111\s*<\/td>/);
    expect(hrefs(body)).toContain('/api/query?sql=SELECT+code+FROM+procedures+ORDER+BY+code&_format=csv');
    expect(await page('/sql')).toContain('<textarea name="sql"');
  });
});

describe('the API', () => {
  it('/api/codes/{code} is exactly `show --json`', async () => {
    for (const code of ['20956', '22222', 'J1234']) {
      const res = await get(`/api/codes/${code}`);
      const body = await res.text();
      expect(body).toBe(recordJson(codebook.getCode(code)!));
      const show = await runCodebook(['show', code, '--json', '--db', dbPath]);
      expect(show.status).toBe(0);
      expect(body).toBe(show.stdout);
    }
  });

  it('mirrors the data-access layer', async () => {
    const same = (value: unknown) => JSON.parse(JSON.stringify(value));
    expect(await api('/api/codes/20956/narrative')).toEqual(same(codebook.getNarrative('20956')));
    expect(await api('/api/codes/20956/sources')).toEqual(same(codebook.sourceLines('20956')));
    expect(await api('/api/codes/20956/related')).toEqual(same(codebook.relatedTo('20956')));
    expect(await api('/api/codes/20956/related?direction=in')).toEqual(same(codebook.relatedTo('20956', { direction: 'in' })));
    expect(await api('/api/search?q=graft&limit=5')).toEqual(same(codebook.search('graft', { limit: 5 })));
    expect(await api('/api/codes?q=graft&payer=aetna')).toEqual(
      same(codebook.findCodes({ text: 'graft', payer: 'aetna', limit: 50, offset: 0 })),
    );
    expect(await api('/api/unknowns?code=20956')).toEqual(
      same({ rejectedDocuments: codebook.rejectedDocuments({ code: '20956' }), unknownValues: codebook.unknownValues({ code: '20956' }) }),
    );
    expect(await api('/api/modifiers/59')).toEqual(same(codebook.codesUsingModifier('59')));
    expect(await api('/api/diagnoses/M17.11')).toEqual(same(codebook.codesWithDiagnosis('M17.11')));
    expect(await api('/api/taxonomies/207X00000X')).toEqual(same(codebook.codesForTaxonomy('207X00000X')));
    expect(await api('/api/payers/Medicare')).toEqual(same(codebook.codesForPayer('Medicare')));
    expect(await api('/api/tables')).toEqual(same(codebook.tables()));
    expect(await api('/api/tables/payers?_sort=name')).toEqual(same(codebook.tablePage('payers', { sort: 'name' })));
    expect(await api('/api/info')).toEqual({
      edition: expect.stringMatching(/^[\w-]{22}$/),
      toolVersion: expect.any(String),
      ...same(codebook.info()),
    });
  });

  it('/api/query: rows as exact JSON, or every row as CSV', async () => {
    // 2^53 + 1: exact in the JSON text, which JSON.parse cannot hold.
    const exact = await (
      await get(`/api/query?sql=${encodeURIComponent("SELECT 9007199254740993 AS big, NULL AS missing, x'0a' AS blob")}`)
    ).text();
    expect(exact).toBe(`{"columns":["big","missing","blob"],"rows":[[9007199254740993,null,"X'0A'"]],"truncated":false}\n`);
    const rows1500 = encodeURIComponent('WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 1500) SELECT i FROM r');
    const many = (await api(`/api/query?sql=${rows1500}`)) as { rows: unknown[]; truncated: boolean };
    expect([many.rows.length, many.truncated]).toEqual([1000, true]);
    const csv = await get(`/api/query?_format=csv&sql=${rows1500}`);
    const lines = (await csv.text()).trimEnd().split('\n');
    expect([lines.length, lines[0], lines[1500]]).toEqual([1501, 'i', '1500']);
  });

  it("describes itself in an OpenAPI document whose parameters come from the routes' schemas", async () => {
    const doc = (await api('/api/openapi.json')) as {
      openapi: string;
      paths: Record<string, { get: { parameters: { name: string; in: string; schema: unknown }[] } }>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/codes/{code}',
        '/api/codes',
        '/api/search',
        '/api/unknowns',
        '/api/modifiers/{key}',
        '/api/info',
        '/api/query',
      ]),
    );
    expect(doc.paths['/api/codes/{code}/related']!.get.parameters).toEqual([
      { name: 'code', in: 'path', required: true, description: 'a CPT or HCPCS code', schema: { type: 'string' } },
      {
        name: 'direction',
        in: 'query',
        required: false,
        description: 'out: codes its document lists; in: codes whose documents list it',
        schema: { type: 'string', enum: ['out', 'in', 'both'], default: 'both' },
      },
    ]);
  });
});

describe('errors', () => {
  it.each([
    ['/?page=0', 'page: Too small'],
    ['/?system=ICD', 'system: Invalid option'],
    ['/?colour=red', 'Unrecognized key: "colour"'],
    ['/unknowns?page=x', 'page: Invalid input'],
    ['/tables/procedures?_sort=nope', 'procedures has no column nope'],
    ['/tables/procedures?nope=1', 'procedures has no column nope'],
    ['/tables/procedures?_format=xml', '_format: Invalid option'],
  ])('%s is a 400 page naming the parameter', async (path, message) => {
    const body = await page(path, 400);
    expect(body).toContain('<h1>Bad request</h1>');
    expect(body).toContain(message.replaceAll('"', '&quot;'));
  });

  it.each([
    ['/api/search', 'q: Invalid input'],
    ['/api/search?q=x&limit=1000', 'limit: Too big'],
    ['/api/codes/20956/related?direction=sideways', 'direction: Invalid option'],
    ['/api/codes?unknown=maybe', 'unknown: Invalid option'],
    ['/api/query', 'sql: Invalid input'],
    ['/api/query?sql=DELETE%20FROM%20codes', 'query is read-only'],
    ['/api/query?sql=SELEC%201', 'syntax error'],
    ['/api/tables/codes?colour=red', 'codes has no column colour'],
  ])('%s is a 400 with the message in JSON', async (path, message) => {
    expect(((await api(path, 400)) as { error: string }).error).toContain(message);
  });

  it('a code no document describes is a 404 page suggesting close matches and the documents that list it', async () => {
    const body = await page('/codes/20955', 404);
    expect(body).toContain('<h1>No document describes code 20955</h1>');
    expect(body).toMatch(/listed as related by\s*<a href="\/codes\/20956">20956<\/a>/);
    expect(body).toMatch(
      /Codes near it:\s*<a href="\/codes\/11111">11111<\/a>\s*<a href="\/codes\/20956">20956<\/a>\s*<a href="\/codes\/22222">22222<\/a>/,
    );
    expect(await api('/api/codes/20955', 404)).toEqual({
      error: 'no document describes code 20955; codes near it: 11111, 20956, 22222, J1234',
    });
    expect(await api('/api/codes/20955/narrative', 404)).toMatchObject({ error: expect.stringContaining('20955') });
  });

  it.each([
    ['/modifiers/XX', 'no document uses modifier XX'],
    ['/payers/Nobody', 'no document uses payer Nobody'],
    ['/tables/sqlite_master', 'no table or view named sqlite_master'],
    ['/nowhere', 'There is no page at /nowhere'],
  ])('%s is a 404 page', async (path, message) => {
    expect(await page(path, 404)).toContain(message);
  });

  it.each([
    ['/api/diagnoses/Z99.99', 'no document uses diagnosis Z99.99'],
    ['/api/tables/nope', 'no table or view named nope'],
    ['/api/nowhere', 'no API route /api/nowhere (see /api/openapi.json)'],
  ])('%s is a 404 in JSON', async (path, message) => {
    expect(await api(path, 404)).toEqual({ error: message });
  });

  it('a query over its time limit is stopped: its process is killed, and the page says so', async () => {
    const forever = encodeURIComponent('WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r');
    const children = () =>
      execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.includes('query-process'));
    const answer = await hurried.request(`/api/query?sql=${forever}`);
    expect([answer.status, await answer.json()]).toEqual([
      400,
      { error: 'the query ran for its time limit of 1 s and was stopped (set by codebook serve --sql-timeout SECONDS)' },
    ]);
    const shown = await hurried.request(`/sql?sql=${forever}`);
    expect(shown.status).toBe(400);
    expect(await shown.text()).toMatch(/<p class="error" id="query-error">\s*the query ran for its time limit of 1 s and was stopped/);
    await expect.poll(children, { timeout: 5000 }).toEqual([]);
  });
});

describe('codebook serve', () => {
  it('refuses a port that is not one, and a database that is not there, before it listens', async () => {
    const port = await runCodebook(['serve', '--db', dbPath, '--port', '70000']);
    expect([port.status, port.stderr]).toEqual([1, expect.stringContaining('not a port number (0–65535): 70000')]);
    const missing = await runCodebook(['serve', '--db', join(dir, 'missing.db')]);
    expect([missing.status, missing.stderr]).toEqual([1, expect.stringContaining(`no database at ${join(dir, 'missing.db')}`)]);
  });
});

describe('caching', () => {
  it('answers a page again from what it kept for the edition: the same body and headers, the security headers too', async () => {
    const [first, second] = [await get('/codes/11111'), await get('/codes/11111')];
    expect(await second.text()).toBe(await first.text());
    for (const header of ['content-type', 'content-security-policy', 'etag'])
      expect(second.headers.get(header)).toBe(first.headers.get(header));
    const uncached = createApp({
      codebook,
      database: dbPath,
      sqlTimeoutMs: 1000,
      edition: editionTracker(codebook),
      cacheBytes: 0,
    });
    expect(await (await uncached.request('/codes/11111')).text()).toBe(await (await get('/codes/11111')).text());
  });

  it('answers 304 to the ETag of the current edition, and a new ETag after an ingest', async () => {
    const first = await get('/codes/11111');
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^W\/"[\w-]{22}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await get('/codes/11111', { 'if-none-match': tag });
    expect([again.status, await again.text()]).toEqual([304, '']);
    expect((await get('/api/codes/11111', { 'if-none-match': tag })).status).toBe(304);
    // User SQL runs on the file, not on the server's connection: never cached.
    expect((await get('/sql?sql=SELECT%201')).headers.get('etag')).toBeNull();
    // Errors are not cached.
    expect((await get('/codes/99999')).headers.get('etag')).toBeNull();

    const changed = writeFiles(join(dir, 'changed'), {
      'cpt-11111.txt': makeDocument({ code: '11111', title: 'Plain Procedure, Revised' }),
    });
    await ingest([changed], dbPath);
    const after = await get('/codes/11111', { 'if-none-match': tag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(tag);
    expect(await after.text()).toContain('Plain Procedure, Revised');

    // The edition is the manifest's edition id: an ingest that changes no document keeps it, and a copy of the file has it.
    const revised = after.headers.get('etag')!;
    await ingest([changed], dbPath);
    expect((await get('/codes/11111', { 'if-none-match': revised })).status).toBe(304);
    const copyPath = join(dir, 'copy.db');
    codebook.db.$client.exec(`VACUUM INTO '${copyPath}'`);
    const copy = openCodebook(copyPath);
    try {
      expect(copy.manifest()!.edition).toBe(codebook.manifest()!.edition);
      expect(`W/"${databaseEdition(copy)}"`).toBe(revised);
    } finally {
      copy.close();
    }
  });
});

describe('escaping', () => {
  const pages = [
    '/',
    '/?q=hostile',
    '/codes/22222',
    '/codes/11111',
    '/modifiers/59',
    '/diagnoses/M17.11',
    '/taxonomies/207X00000X',
    '/unknowns',
    '/tables/procedures',
    '/tables/code_relationships',
    `/sql?sql=${encodeURIComponent("SELECT title, '<script>alert(9)</script>' AS x FROM procedures")}`,
    `/codes/${encodeURIComponent('<script>alert(1)</script>')}`,
  ];

  it.each(pages)('%s: document text is text, never markup or a link', async (path) => {
    const res = await get(path);
    const body = await res.text();
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/<img/i);
    expect(body).not.toMatch(/<a href="javascript/i);
    for (const href of hrefs(body)) expect(href).toMatch(/^\/(?!\/)/);
  });

  it('shows the hostile text itself, escaped, in the title, the cells and the relationship text', async () => {
    const body = await page('/codes/22222');
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;';
    expect(body).toContain(`<h1>CPT 22222: Hostile ${escaped}</h1>`);
    expect(body).toContain(`<title>22222: Hostile ${escaped} · codebook</title>`);
    expect(body).toContain(`&lt;a href=&quot;javascript:alert(3)&quot;&gt;click&lt;/a&gt; ${escaped}`);
    expect(body).toContain(`Distinct ${escaped}`);
    expect(body).toContain('javascript:alert(6)');
    const inbound = await page('/codes/11111');
    expect(inbound).toContain(`&lt;a href=&quot;javascript:alert(3)&quot;&gt;click&lt;/a&gt; ${escaped}`);
  });

  it('the JSON API returns the text as stored', async () => {
    expect(((await api('/api/codes/22222')) as { title: string }).title).toBe(`Hostile ${EVIL}`);
  });
});
