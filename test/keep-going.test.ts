/** One bad document need not block a corpus: `--keep-going` on provision, ingest and check. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import { BuildError } from '../src/pipeline/build.js';
import { ingest } from '../src/pipeline/ingest.js';
import { check, provision } from '../src/pipeline/provision.js';
import { codebook, lineOf, makeDocument, SEED_TEXT, seedWith, tempDir, writeFiles } from './helpers.js';

const BAD_CODE = seedWith((t) => t.replaceAll('20956', '20962').replace('15738 |', '1573 |'));
const BAD_LINE = lineOf(BAD_CODE, '1573 |');

/** A seeds folder with the seed, a document with an error, and an empty file. */
function corpus() {
  const dir = tempDir();
  const seeds = writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT, 'cpt-20962.txt': BAD_CODE, 'empty.txt': '' });
  return { dir, seeds, db: join(dir, 'reference.db') };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const rejectedRows = (db: string) => {
  const sqlite = new Database(db, { readonly: true });
  const rows = sqlite
    .prepare(
      'SELECT path, sha256, code, error_count, first_error_line, first_error_rule, first_error, build_run_id ' +
        'FROM rejected_documents ORDER BY path',
    )
    .all();
  sqlite.close();
  return rows;
};

describe('provision --keep-going', () => {
  it('builds the documents without errors and records each one left out', async () => {
    const { seeds, db } = corpus();
    const report = await provision(seeds, db, { keepGoing: true });
    expect(report.rejected.map((r) => [r.path.slice(seeds.length + 1), r.code])).toEqual([
      ['cpt-20962.txt', '20962'],
      ['empty.txt', undefined],
    ]);
    expect(report.counts).toMatchObject({ documents: 1, rejectedDocuments: 2 });
    expect(rejectedRows(db)).toEqual([
      {
        path: `${seeds}/cpt-20962.txt`,
        sha256: sha256(BAD_CODE),
        code: '20962',
        error_count: 1,
        first_error_line: BAD_LINE,
        first_error_rule: 'invalid-value',
        first_error: '"1573" is not a valid CPT or HCPCS code',
        build_run_id: 1,
      },
      {
        path: `${seeds}/empty.txt`,
        sha256: sha256(''),
        code: null,
        error_count: 1,
        first_error_line: 1,
        first_error_rule: 'empty-document',
        first_error: 'the document is empty',
        build_run_id: 1,
      },
    ]);
    const codebook = openCodebook(db);
    expect(codebook.listCodes().map((c) => c.code)).toEqual(['20956']);
    expect(codebook.rejectedDocuments({ code: '20962' }).map((r) => r.path)).toEqual([`${seeds}/cpt-20962.txt`]);
    codebook.close();
  });

  it('stays all or nothing without the flag', async () => {
    const { seeds, db } = corpus();
    await expect(provision(seeds, db)).rejects.toThrow('2 errors in 2 documents');
    expect(existsSync(db)).toBe(false);
  });

  it('builds nothing when every document is rejected', async () => {
    const dir = tempDir();
    const seeds = writeFiles(join(dir, 'seeds'), { 'a.txt': '', 'b.txt': BAD_CODE });
    const attempt = provision(seeds, join(dir, 'reference.db'), { keepGoing: true });
    await expect(attempt).rejects.toThrow(`every document was rejected (2); ${join(dir, 'reference.db')} was not changed`);
    await expect(attempt).rejects.toBeInstanceOf(BuildError);
    expect(existsSync(join(dir, 'reference.db'))).toBe(false);
  });

  it('rejects the later of two documents for one code', async () => {
    const dir = tempDir();
    const seeds = writeFiles(join(dir, 'seeds'), { 'a.txt': SEED_TEXT, 'b.txt': SEED_TEXT });
    const report = await provision(seeds, join(dir, 'reference.db'), { keepGoing: true });
    expect(
      report.rejected.map((r) => [
        r.path.slice(seeds.length + 1),
        r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      ]),
    ).toEqual([['b.txt', [`code 20956 is already described by ${seeds}/a.txt; one document per code`]]]);
  });

  it('with --strict, leaves out documents with warnings too', async () => {
    const dir = tempDir();
    const clean = makeDocument({ code: '20955' });
    const seeds = writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT, 'cpt-20955.txt': clean });
    const report = await provision(seeds, join(dir, 'reference.db'), { keepGoing: true, strict: true });
    expect(report.rejected.map((r) => r.path.slice(seeds.length + 1))).toEqual(['cpt-20956.txt']);
    expect(rejectedRows(join(dir, 'reference.db'))).toMatchObject([
      { error_count: 1, first_error_rule: 'duplicate-row', first_error_line: 21 },
    ]);
  });
});

describe('ingest --keep-going', () => {
  it('changes nothing when every document it is given is rejected', async () => {
    const { seeds, db } = corpus();
    await provision(seeds, db, { keepGoing: true });
    await expect(ingest([join(seeds, 'empty.txt')], db, { keepGoing: true })).rejects.toThrow(
      `every document was rejected (1); ${db} was not changed`,
    );
  });

  it('keeps the previous version of a document that now has errors, and forgets the rejection once it is fixed', async () => {
    const { dir, seeds, db } = corpus();
    await provision(seeds, db, { keepGoing: true });
    const more = writeFiles(join(dir, 'more'), {
      'cpt-20956.txt': seedWith((t) => t.replace('27299 |', '2729 |')),
      'cpt-20955.txt': makeDocument({ code: '20955' }),
    });
    const report = await ingest([more], db, { keepGoing: true });
    expect(report.placements).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(report.rejected.map((r) => r.path)).toEqual([`${more}/cpt-20956.txt`]);
    const codebook = openCodebook(db);
    expect(codebook.getCode('20956')?.relatedCodes.map((r) => r.code)).toEqual(['15738', '27299', '20955', '69990']);
    codebook.close();
    expect(rejectedRows(db).map((r) => (r as { path: string }).path)).toEqual(
      [`${seeds}/cpt-20962.txt`, `${seeds}/empty.txt`, `${more}/cpt-20956.txt`].sort(),
    );

    writeFiles(seeds, { 'cpt-20962.txt': seedWith((t) => t.replaceAll('20956', '20962')) });
    const fixed = await ingest([join(seeds, 'cpt-20962.txt')], db, { keepGoing: true });
    expect(fixed.placements).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(rejectedRows(db).map((r) => (r as { path: string }).path)).toEqual([`${more}/cpt-20956.txt`, `${seeds}/empty.txt`].sort());
  });
});

describe('check --keep-going', () => {
  it('says which documents provision would leave out', async () => {
    const { seeds } = corpus();
    const report = await check([seeds], { keepGoing: true });
    expect(report).toMatchObject({ documents: 3, built: true, rejected: 2 });
    expect(report.diagnostics.map((d) => `${d.path.slice(seeds.length + 1)}:${d.line}:${d.rule}`)).toEqual([
      'cpt-20956.txt:21:duplicate-row',
      `cpt-20962.txt:${BAD_LINE}:invalid-value`,
      'empty.txt:1:empty-document',
    ]);
  });
});

describe('the CLI exit status', () => {
  it('is 3 when the database was built but documents were left out, 1 when nothing was built, 0 otherwise', async () => {
    const { dir } = corpus();
    const run = await codebook(['provision', '--keep-going'], { cwd: dir });
    expect(run.status).toBe(3);
    expect(run.stdout).toBe(
      'provisioned data/reference.db from seeds: 1 document, 5 codes, 9 modifiers, 4 relationships, ' +
        '8 unknown values, 1 diagnostic, 2 rejected documents\n',
    );
    expect(run.stderr.split('\n').slice(-4)).toEqual([
      '2 documents rejected and left out (see `codebook unknowns` and the rejected_documents table):',
      '  seeds/cpt-20962.txt: 1 error',
      '  seeds/empty.txt: 1 error',
      '',
    ]);
    expect(run.stderr).toContain(`seeds/cpt-20962.txt:${BAD_LINE}: error: "1573" is not a valid CPT or HCPCS code\n`);

    expect((await codebook(['unknowns', '-f', 'csv'], { cwd: dir })).stdout.split('\n').slice(0, 4)).toEqual([
      'code,field,reason,source,filled_from',
      `20962,(document),"rejected: 1 error, the first: ""1573"" is not a valid CPT or HCPCS code",seeds/cpt-20962.txt:${BAD_LINE},`,
      ',(document),"rejected: 1 error, the first: the document is empty",seeds/empty.txt:1,',
      '20956,diagnoses,sentinel,seeds/cpt-20956.txt:32,',
    ]);

    expect((await codebook(['provision'], { cwd: dir })).status).toBe(1);
    expect((await codebook(['check', '--keep-going', 'seeds'], { cwd: dir })).status).toBe(3);
    expect((await codebook(['check', 'seeds/cpt-20956.txt', '--keep-going'], { cwd: dir })).status).toBe(0);
    expect((await codebook(['check', 'seeds/empty.txt', '--keep-going'], { cwd: dir })).status).toBe(1);
  });
});
