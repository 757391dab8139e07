import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import { BuildError } from '../src/pipeline/build.js';
import { formatDiagnostic } from '../src/pipeline/diagnostics.js';
import { ingest } from '../src/pipeline/ingest.js';
import { provision } from '../src/pipeline/provision.js';
import { codebook as cli, makeDocument, SEED_TEXT, tempDir, writeFiles } from './helpers.js';

const doc20955 = (descriptorOf15738: string, extra = 'Graft harvest.') =>
  makeDocument({
    code: '20955',
    summary: extra,
    modifiers: [['76', 'Repeat procedure by same physician', 'When repeated.']],
    related: [['15738', descriptorOf15738, 'Soft tissue cover.']],
  });

/** A provisioned seed database, and a folder to put more documents in. */
async function seeded() {
  const dir = tempDir();
  const seeds = writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT });
  const db = join(dir, 'reference.db');
  await provision(seeds, db);
  return { dir, seeds, db, more: join(dir, 'more') };
}

/** What a reader sees of every documented code, path-for-path, whatever the document ids. */
function view(db: string) {
  const codebook = openCodebook(db);
  const codes = codebook.listCodes().map((c) => c.code);
  const seen = {
    records: codes.map((c) => codebook.getCode(c)),
    unknowns: codebook.unknownValues(),
    related: codes.flatMap((c) => codebook.relatedTo(c)),
    diagnostics: codebook.db.$client
      .prepare(
        `SELECT d.path, g.line, g.rule, g.message FROM document_diagnostics g JOIN source_documents ` +
          `d ON d.id = g.document_id ORDER BY 1, 2, 3, 4`,
      )
      .all(),
    catalogs: codebook.db.$client.prepare(`SELECT code, descriptor FROM codes ORDER BY code`).all(),
    search: codebook.search('graft').map((h) => h.code),
  };
  codebook.close();
  return seen;
}

describe('ingest', () => {
  it('adds a new document, skips an unchanged one, replaces a changed one', async () => {
    const { db, more } = await seeded();
    writeFiles(more, { 'cpt-20955.txt': doc20955('Free flap') });
    expect((await ingest([more], db)).placements).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await ingest([more], db)).placements).toEqual({ created: 0, updated: 0, unchanged: 1 });
    writeFiles(more, { 'cpt-20955.txt': doc20955('Free flap', 'Morcelized bone.') });
    expect((await ingest([more], db)).placements).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const codebook = openCodebook(db);
    expect(codebook.listCodes().map((c) => c.code)).toEqual(['20955', '20956']);
    expect(codebook.search('morcelized').map((h) => h.code)).toEqual(['20955']);
    expect(codebook.search('harvest').map((h) => h.code)).toEqual(['20956']);
    codebook.close();
  });

  it('gives the same data as a provision of the whole corpus', async () => {
    const { db, more, dir } = await seeded();
    writeFiles(more, { 'cpt-20955.txt': doc20955('First text') });
    await ingest([more], db);
    writeFiles(more, { 'cpt-20955.txt': doc20955('Second text') });
    await ingest([more], db);
    const whole = writeFiles(join(dir, 'whole'), {});
    writeFiles(whole, { 'seeds/cpt-20956.txt': SEED_TEXT, 'more/cpt-20955.txt': doc20955('Second text') });
    const rebuilt = join(dir, 'rebuilt.db');
    await provision(whole, rebuilt);
    const relative = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(`${whole}/`, `${dir}/`));
    expect(view(db)).toEqual(relative(view(rebuilt)));
  });

  it("lets a changed document's new catalog text win, and drops what only it mentioned", async () => {
    const { db, more } = await seeded();
    writeFiles(more, { 'a/cpt-20955.txt': makeDocument({ code: '20955', related: [['99213', 'Office visit', 'Follow-up.']] }) });
    await ingest([more], db);
    writeFiles(more, { 'a/cpt-20955.txt': makeDocument({ code: '20955', related: [['99214', 'Office visit, moderate', 'Follow-up.']] }) });
    await ingest([more], db);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare(`SELECT code FROM codes WHERE code LIKE '992%' ORDER BY code`).pluck().all()).toEqual(['99214']);
    sqlite.close();
  });

  it('changes nothing when any document has an error, and names every failing file and line', async () => {
    const { db, more } = await seeded();
    const before = view(db);
    writeFiles(more, {
      'a.txt': doc20955('x'),
      'b.txt': '',
      'c.txt': SEED_TEXT.replace('CPT 20956:', 'CPT 2095:').replace('20955 |', '2095 |'),
    });
    let failure: BuildError | undefined;
    try {
      await ingest([more], db);
    } catch (e) {
      failure = e as BuildError;
    }
    expect(failure).toBeInstanceOf(BuildError);
    expect(failure?.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d).replace(`${more}/`, ''))).toEqual([
      'b.txt:1: error: the document is empty',
      'c.txt:2: error: "2095" is not a valid CPT or HCPCS code',
      'c.txt:39: error: "2095" is not a valid CPT or HCPCS code',
    ]);
    expect(view(db)).toEqual(before);
  });

  it('fails on warnings in strict mode, changing nothing', async () => {
    const { db, more } = await seeded();
    const before = view(db);
    writeFiles(more, {
      'cpt-20955.txt': doc20955('x').replace('| 76 |', '| 76 |').replace('| LT |', '') + '\nUnknown Trailing Heading\nSome text.',
    });
    await expect(ingest([more], db, { strict: true })).rejects.toThrow(/\(strict\)/);
    expect(view(db)).toEqual(before);
  });

  it('refuses a database that does not exist', async () => {
    await expect(ingest(['seeds'], join(tempDir(), 'none.db'))).rejects.toThrow(
      /^no database at .*none\.db: run `codebook provision` first$/,
    );
  });

  it(
    'lets readers keep reading, and makes its commit wait for a read in progress: the reader sees ' + 'before, then after, never half',
    async () => {
      const { db, more } = await seeded();
      const reader = new Database(db, { readonly: true });
      const count = reader.prepare('SELECT count(*) FROM procedures').pluck();
      reader.exec('BEGIN');
      expect(count.get()).toBe(1);
      writeFiles(more, { 'cpt-20955.txt': doc20955('x'), 'cpt-20962.txt': makeDocument({ code: '20962' }) });
      const said: string[] = [];
      const seenWhileCommitWaits: unknown[] = [];
      const report = await ingest([more], db, {
        onWait: (message) => {
          said.push(message);
          seenWhileCommitWaits.push(count.get());
          reader.exec('COMMIT');
        },
      });
      expect(said).toEqual([`waiting for readers of ${db} to finish (up to 60 s)…`]);
      expect(seenWhileCommitWaits).toEqual([1]);
      expect(report.placements.created).toBe(2);
      expect(count.get()).toBe(3);
      reader.close();
    },
  );

  it('fails, changing nothing, when a read outlasts its wait', async () => {
    const { db, more } = await seeded();
    const before = view(db);
    const reader = new Database(db, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM procedures').get();
    writeFiles(more, { 'cpt-20955.txt': doc20955('x') });
    await expect(ingest([more], db, { waitMs: 300 })).rejects.toThrow(
      `readers kept reading ${db} for 0.3 s; the ingest was rolled back and nothing was changed: ` +
        `try again, or wait longer with --wait SECONDS`,
    );
    reader.exec('COMMIT');
    reader.close();
    expect(view(db)).toEqual(before);
    expect(existsSync(`${db}-journal`)).toBe(false);
  });

  it('prints created, updated and unchanged counts from the CLI', async () => {
    const { db, more } = await seeded();
    writeFiles(more, { 'cpt-20955.txt': doc20955('x') });
    expect(await cli(['ingest', more, '--db', db])).toMatchObject({
      status: 0,
      stdout:
        'ingested into ' +
        db +
        ': 1 created, 0 updated, 0 unchanged; now 2 documents, 5 codes, 9 modifiers, 5 relationships, 8 unknown values, 3 diagnostics\n',
    });
  });
});
