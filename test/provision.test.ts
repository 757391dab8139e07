import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import { DataCheckError, runDataChecks } from '../src/db/checks.js';
import { formatDiagnostic } from '../src/pipeline/diagnostics.js';
import { BuildError } from '../src/pipeline/build.js';
import { provision } from '../src/pipeline/provision.js';
import { lineOf, SEED_TEXT, seedWith, tempDir, writeFiles } from './helpers.js';

/** Provisions `files` into a fresh folder; returns the paths and the error, if any. */
async function attempt(files: Record<string, string | Uint8Array>, existingDb?: Uint8Array) {
  const dir = tempDir();
  const seeds = writeFiles(join(dir, 'seeds'), files);
  const db = join(dir, 'reference.db');
  if (existingDb) writeFileSync(db, existingDb);
  try {
    return { dir, seeds, db, report: await provision(seeds, db), error: undefined };
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    return { dir, seeds, db, report: undefined, error: e };
  }
}

/** The errors of a failed build as printed, with the seeds folder left out of paths. */
const errorsOf = (error: BuildError | undefined, seeds: string) =>
  (error?.diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d).replaceAll(`${seeds}/`, ''));

/**
 * The database as `sqlite3 .dump` sees it — the schema and every row of every table, the
 * full-text index's shadow tables included — apart from the build run and the manifest's time
 * (its edition stays: the same documents give the same one).
 */
function contents(db: string): Record<string, unknown[]> {
  const sqlite = new Database(db, { readonly: true });
  const schema = sqlite.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).raw().all();
  const tables = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'build_runs' ORDER BY name`)
    .pluck()
    .all() as string[];
  const columns = (t: string) =>
    sqlite.prepare(`SELECT name FROM pragma_table_info(?) WHERE name <> 'built_at'`).pluck().all(t) as string[];
  const select = (t: string) => (t === 'build_manifest' ? `SELECT ${columns(t).join(', ')} FROM "${t}"` : `SELECT * FROM "${t}"`);
  const rows = (t: string) => (sqlite.prepare(select(t)).raw().all() as unknown[]).map((r) => JSON.stringify(r)).sort();
  const dump = { sqlite_master: schema, ...Object.fromEntries(tables.map((t) => [t, rows(t)])) };
  sqlite.close();
  return dump;
}

const badInputs: [string, string | Uint8Array, string][] = [
  ['an empty file', '', 'bad.txt:1: error: the document is empty'],
  ['a binary file', Uint8Array.from([0x43, 0x50, 0x54, 0x0a, 0x00, 0x01]), 'bad.txt:2: error: not a text document: it contains NUL bytes'],
  [
    'a document with no title line',
    SEED_TEXT.replace(/^CPT 20956: .*$/m, 'Vascularized Iliac Crest Bone Graft'),
    `bad.txt:3: error: no title line: expected \`CPT <code>: <title>\` or \`HCPCS <code>: <title>\`; ` +
      `the closest is line 3: ${JSON.stringify(`${SEED_TEXT.split('\n')[2]!.slice(0, 159)}…`)}`,
  ],
  [
    'a table row with the wrong number of cells',
    seedWith((t) => t.replace('53 | Discontinued procedure |', '53 | Discontinued | procedure |')),
    `bad.txt:${lineOf(SEED_TEXT, '53 | Discontinued')}: error: table row has 4 cells but its header ` +
      `(line 14) has 3: "53 | Discontinued | procedure | When the procedure is started but terminated ` +
      `due to unforeseen circumstances prior to completion. |"`,
  ],
  [
    'a code that is not a valid CPT/HCPCS code',
    seedWith((t) => t.replace('15738 |', '1573 |')),
    `bad.txt:${lineOf(SEED_TEXT, '15738 |')}: error: "1573" is not a valid CPT or HCPCS code`,
  ],
];

describe('provision refuses bad input', () => {
  it.each(badInputs)('%s: names the file and line, creates no database (only the writer lock beside it)', async (_, content, expected) => {
    const { db, dir, seeds, error } = await attempt({ 'cpt-20956.txt': SEED_TEXT, 'bad.txt': content });
    expect(errorsOf(error, seeds)).toEqual([expected]);
    expect(error?.message).toMatch(/^1 error in 1 document; .*reference\.db was not changed$/);
    expect(existsSync(db)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['reference.db.lock', 'seeds']);
  });

  it('leaves the previous database byte-identical', async () => {
    const good = await attempt({ 'cpt-20956.txt': SEED_TEXT });
    const before = readFileSync(good.db);
    const failed = await attempt({ 'cpt-20956.txt': SEED_TEXT, 'bad.txt': badInputs[3]![1] }, before);
    expect(failed.error).toBeInstanceOf(BuildError);
    expect(readFileSync(failed.db).equals(before)).toBe(true);
    expect(readdirSync(failed.dir).sort()).toEqual(['reference.db', 'reference.db.lock', 'seeds']);
  });

  it('reports every error in every document, not just the first', async () => {
    const { error, seeds } = await attempt({
      'a.txt': seedWith((t) => t.replace('15738 |', '1573 |').replace('27299 |', '2729 |')),
      'b.txt': '',
      'cpt-20956.txt': SEED_TEXT,
    });
    expect(errorsOf(error, seeds)).toEqual([
      `a.txt:${lineOf(SEED_TEXT, '15738 |')}: error: "1573" is not a valid CPT or HCPCS code`,
      `a.txt:${lineOf(SEED_TEXT, '27299 |')}: error: "2729" is not a valid CPT or HCPCS code`,
      'b.txt:1: error: the document is empty',
    ]);
    expect(error?.message).toMatch(/^3 errors in 2 documents/);
  });

  it('refuses two documents for one code, naming the first', async () => {
    const { error, seeds } = await attempt({ 'a.txt': SEED_TEXT, 'b.txt': SEED_TEXT });
    expect(errorsOf(error, seeds)).toEqual(['b.txt:2: error: code 20956 is already described by a.txt; one document per code']);
  });

  it('refuses, in strict mode, a corpus with warnings', async () => {
    const dir = tempDir();
    const seeds = writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT });
    await expect(provision(seeds, join(dir, 'reference.db'), { strict: true })).rejects.toThrow(
      /1 error or warning \(strict\) in 1 document/,
    );
    expect(existsSync(join(dir, 'reference.db'))).toBe(false);
  });

  it('says so when the seeds folder is missing or holds no documents', async () => {
    const dir = tempDir();
    await expect(provision(join(dir, 'nope'), join(dir, 'x.db'))).rejects.toThrow(`no such folder: ${join(dir, 'nope')}`);
    await expect(provision(writeFiles(join(dir, 'empty'), { 'README.md': 'x' }), join(dir, 'x.db'))).rejects.toThrow(
      /^no documents \(\*\.txt\) under /,
    );
  });
});

describe('provision is deterministic and atomic', () => {
  it('gives the same data when run twice', async () => {
    const first = await attempt({ 'cpt-20956.txt': SEED_TEXT, 'cpt-15738.txt': seedWith((t) => t.replaceAll('20956', '15738')) });
    const secondDb = join(first.dir, 'second.db');
    expect((await provision(first.seeds, secondDb)).counts).toEqual(first.report?.counts);
    expect(contents(secondDb)).toEqual(contents(first.db));
    expect(contents(first.db).procedure_modifiers).toHaveLength(18);
    expect(Object.keys(contents(first.db))).toContain('code_search_data');
  });

  it('replaces the database only on success and leaves no temporary files', async () => {
    const { db, dir, seeds } = await attempt({ 'cpt-20956.txt': SEED_TEXT });
    writeFileSync(join(dir, 'reference.db.building-999999'), 'left by a killed build');
    writeFiles(seeds, { 'cpt-15738.txt': seedWith((t) => t.replaceAll('20956', '15738')) });
    expect((await provision(seeds, db)).counts.documents).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['reference.db', 'reference.db.lock', 'seeds']);
  });
});

describe('catalog facts across documents', () => {
  const withRelated = (code: string, related: string) =>
    seedWith((t) => t.replaceAll('20956', code).replace(/^15738 \| [^|]*\|/m, `15738 | ${related} |`));

  it('keeps the first document in path order, and warns on the other naming both', async () => {
    const { db, error } = await attempt({
      'b/cpt-20962.txt': withRelated('20962', 'Later text'),
      'a/cpt-20956.txt': withRelated('20956', 'Earlier text'),
    });
    expect(error).toBeUndefined();
    const codebook = openCodebook(db);
    expect(codebook.getCode('20962')?.relatedCodes[0]).toMatchObject({ code: '15738', descriptor: 'Earlier text' });
    expect(codebook.getCode('20962')?.sources.map((s) => s.path.replace(/^.*\/seeds\//, ''))).toEqual([
      'b/cpt-20962.txt',
      'a/cpt-20956.txt',
    ]);
    const warnings = codebook.db.$client
      .prepare(
        `SELECT d.path, g.message FROM document_diagnostics g JOIN source_documents d ON d.id = g.document_id ` +
          `WHERE rule = 'catalog-conflict'`,
      )
      .all() as { path: string; message: string }[];
    codebook.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.path).toMatch(/b\/cpt-20962\.txt$/);
    expect(warnings[0]?.message).toMatch(
      new RegExp(
        String.raw`^the descriptor of code 15738 differs between documents: this one says "Later text"; ` +
          String.raw`.*a/cpt-20956\.txt says "Earlier text", which is kept$`,
      ),
    );
  });

  it("lets a document's own row about its own code win over earlier documents", async () => {
    const own = seedWith((t) => t.replaceAll('20956', '15738').replace(/^15738 \| [^|]*\|/m, '15738 | Own descriptor |'));
    const { db } = await attempt({ 'a.txt': withRelated('20956', 'Earlier text'), 'z.txt': own });
    const codebook = openCodebook(db);
    expect(codebook.getCode('20956')?.relatedCodes[0]?.descriptor).toBe('Own descriptor');
    expect(codebook.getCode('15738')?.descriptor).toBe('Own descriptor');
    codebook.close();
  });

  it('lets another document fill in a value this one left unknown, and keeps per-use facts apart', async () => {
    const filler = seedWith((t) =>
      t
        .replaceAll('20956', '20962')
        .replace(
          '76 | Data not available in the input. | Data not available in the input. |',
          '76 | Repeat procedure by same physician | When repeated. |',
        ),
    );
    const { db } = await attempt({ 'a.txt': SEED_TEXT, 'b.txt': filler });
    const codebook = openCodebook(db);
    expect(codebook.getCode('20956')?.modifiers.find((m) => m.code === '76')).toEqual({
      code: '76',
      description: 'Repeat procedure by same physician',
      whenToUse: null,
      unknown: ['whenToUse'],
    });
    expect(codebook.getCode('20956')?.sources.map((s) => s.path.replace(/^.*\/seeds\//, ''))).toEqual(['a.txt', 'b.txt']);
    codebook.close();
  });
});

describe('data checks', () => {
  it('fail when a value is NULL without an unknown_values row saying why', async () => {
    const { db } = await attempt({ 'cpt-20956.txt': SEED_TEXT });
    const sqlite = new Database(db);
    sqlite.prepare(`UPDATE procedure_modifiers SET when_to_use = NULL WHERE modifier_code = '62'`).run();
    expect(() => runDataChecks(sqlite)).toThrow(DataCheckError);
    expect(() => runDataChecks(sqlite)).toThrow(
      /procedure_modifiers\.when_to_use is NULL exactly when unknown \(1, e\.g\. \{"code":"20956","item":"62"\}\)/,
    );
    sqlite.close();
  });

  it('fail when an unknown list has rows', async () => {
    const { db } = await attempt({ 'cpt-20956.txt': SEED_TEXT });
    const sqlite = new Database(db);
    sqlite.prepare(`INSERT INTO taxonomies (code) VALUES ('207X00000X')`).run();
    sqlite
      .prepare(
        `INSERT INTO procedure_taxonomies (procedure_code, document_id, taxonomy_code, position, line) ` +
          `VALUES ('20956', 1, '207X00000X', 1, 28)`,
      )
      .run();
    expect(() => runDataChecks(sqlite)).toThrow(/procedure_taxonomies has no rows for a procedure whose taxonomies are unknown/);
    sqlite.close();
  });
});
