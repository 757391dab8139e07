import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import { DataCheckError } from '../src/db/checks.js';
import { verifyDatabase } from '../src/db/verify.js';
import { BuildError } from '../src/pipeline/build.js';
import { ingest } from '../src/pipeline/ingest.js';
import { provision } from '../src/pipeline/provision.js';
import { remove } from '../src/pipeline/remove.js';
import { TOOL_VERSION } from '../src/version.js';
import { codebook as cli, editionOf, makeDocument, manifestOf, SEED_TEXT, sha256, tempDir, writeFiles } from './helpers.js';

const doc20955 = (summary = 'Graft harvest.') =>
  makeDocument({
    code: '20955',
    summary,
    modifiers: [['76', 'Repeat procedure by same physician', 'When repeated.']],
    related: [['15738', 'Soft tissue flap', 'Soft tissue cover.']],
  });

/** A corpus of two documents, provisioned. */
async function twoDocuments() {
  const dir = tempDir();
  const seeds = writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT, 'cpt-20955.txt': doc20955() });
  const db = join(dir, 'reference.db');
  await provision(seeds, db);
  return { dir, seeds, db, paths: [join(seeds, 'cpt-20955.txt'), join(seeds, 'cpt-20956.txt')] };
}

describe('the build manifest', () => {
  it('names the edition of the corpus, when and by what it was built, and its counts', async () => {
    const { db, paths } = await twoDocuments();
    const manifest = manifestOf(db);
    expect(manifest).toEqual({
      edition: editionOf(paths),
      buildRunId: 1,
      builtAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      toolVersion: TOOL_VERSION,
      migration: '0007_schema_descriptions',
      documents: 2,
      codes: 5,
      unknownValues: 8,
      rejectedDocuments: 0,
    });
    const sqlite = new Database(db, { readonly: true });
    expect([sqlite.pragma('application_id', { simple: true }), sqlite.pragma('user_version', { simple: true })]).toEqual([0x6364626b, 8]);
    sqlite.close();
  });

  it('keeps its edition for an identical rebuild, and gives a new one for any change', async () => {
    const { dir, seeds, db, paths } = await twoDocuments();
    const again = join(dir, 'again.db');
    await provision(seeds, again);
    expect(manifestOf(again)!.edition).toBe(manifestOf(db)!.edition);

    writeFiles(seeds, { 'cpt-20955.txt': doc20955('Reworded.') });
    await provision(seeds, again);
    const changed = manifestOf(again)!.edition;
    expect(changed).not.toBe(manifestOf(db)!.edition);
    expect(changed).toBe(editionOf(paths));

    // The same documents ingested into the first database: its edition is the rebuilt one's.
    await ingest([seeds], db);
    expect(manifestOf(db)!.edition).toBe(changed);
    expect(manifestOf(db)!.buildRunId).toBe(2);
  });

  it('is not rewritten by an ingest that changes nothing: the file stays byte for byte', async () => {
    const { seeds, db } = await twoDocuments();
    const before = readFileSync(db);
    expect((await ingest([seeds], db)).placements).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('is written by an ingest that changes no document when the database has none (migrated since its last build)', async () => {
    const { seeds, db, paths } = await twoDocuments();
    const sqlite = new Database(db);
    sqlite.exec('DELETE FROM build_manifest');
    sqlite.close();
    expect(await cli(['info', '--db', db])).toEqual({
      status: 1,
      stdout: '',
      stderr:
        `codebook: error: ${db} has no build manifest: it was migrated from before manifests and not built since; ` +
        '`codebook ingest` or `codebook provision` writes one\n',
    });
    expect((await ingest([seeds], db)).placements).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(manifestOf(db)).toMatchObject({ edition: editionOf(paths), buildRunId: 2, documents: 2 });
  });

  it('is printed by codebook info, as text and as JSON', async () => {
    const { db, paths } = await twoDocuments();
    const { builtAt } = manifestOf(db)!;
    const json = await cli(['info', '--db', db, '--json']);
    expect(json).toEqual({ status: 0, stderr: '', stdout: expect.any(String) });
    expect(JSON.parse(json.stdout)).toEqual({
      path: db,
      edition: editionOf(paths),
      buildRunId: 1,
      builtAt,
      toolVersion: TOOL_VERSION,
      migration: '0007_schema_descriptions',
      documents: 2,
      codes: 5,
      unknownValues: 8,
      rejectedDocuments: 0,
      applicationId: 0x6364626b,
      userVersion: 8,
    });
    expect(await cli(['info', '--db', db])).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        `database:           ${db}`,
        `edition:            ${editionOf(paths)}`,
        `built at:           ${builtAt}`,
        `built by:           codebook ${TOOL_VERSION} (build run 1)`,
        `migration:          0007_schema_descriptions (user_version 8)`,
        `documents:          2`,
        `codes:              5`,
        `unknown values:     8`,
        `rejected documents: 0`,
        '',
      ].join('\n'),
    });
  });
});

describe('codebook verify', () => {
  it('passes on a database as built', async () => {
    const { db } = await twoDocuments();
    expect(await cli(['verify', '--db', db])).toEqual({ status: 0, stderr: '', stdout: `${db}: all 31 checks passed\n` });
  });

  it('finds a manifest that is not true to what the database holds, and a broken data rule', async () => {
    const { db } = await twoDocuments();
    const sqlite = new Database(db);
    sqlite.exec(`UPDATE build_manifest SET documents = 5`);
    sqlite.exec(`UPDATE procedures SET summary = NULL WHERE code = '20955'`);
    expect(() => verifyDatabase(sqlite)).toThrow(DataCheckError);
    let failure: DataCheckError | undefined;
    try {
      verifyDatabase(sqlite);
    } catch (e) {
      failure = e as DataCheckError;
    }
    sqlite.close();
    expect(failure?.failures.map((f) => [f.check, f.violations])).toEqual([
      ['procedures.summary is NULL exactly when unknown', 1],
      ['build_manifest is true to what the database holds', 1],
    ]);
    expect(failure?.failures[1]!.sample).toEqual([{ field: 'documents', stored: 5, computed: 2 }]);
    expect(await cli(['verify', '--db', db])).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'codebook: error: data checks failed: procedures.summary is NULL exactly when unknown (1, e.g. {"code":"20955","item":"20955"}); ' +
        'build_manifest is true to what the database holds (1, e.g. {"field":"documents","stored":5,"computed":2})\n',
    });
  });
});

/** What a reader sees of every code, catalog entry and diagnostic, path for path, whatever the document ids. */
function view(db: string) {
  const codebook = openCodebook(db);
  const sqlite = codebook.db.$client;
  const codes = codebook.listCodes().map((c) => c.code);
  const all = (sql: string) => sqlite.prepare(sql).raw().all();
  const seen = {
    records: codes.map((c) => codebook.getCode(c)),
    narratives: codes.map((c) => codebook.getNarrative(c)),
    unknowns: codebook.unknownValues(),
    rejected: codebook.rejectedDocuments(),
    related: codes.flatMap((c) => codebook.relatedTo(c)),
    diagnostics: all(
      `SELECT d.path, g.line, g.rule, g.message FROM document_diagnostics g
       JOIN source_documents d ON d.id = g.document_id ORDER BY 1, 2, 3, 4`,
    ),
    codes: all(
      `SELECT c.code, c.descriptor, d.path FROM codes c LEFT JOIN source_documents d ON d.id = c.descriptor_document_id ORDER BY 1`,
    ),
    modifiers: all(
      `SELECT m.code, m.description, d.path FROM modifiers m LEFT JOIN source_documents d ON d.id = m.description_document_id ORDER BY 1`,
    ),
    diagnoses: all(
      `SELECT c.code, c.description, d.path FROM diagnoses c LEFT JOIN source_documents d ON d.id = c.description_document_id ORDER BY 1`,
    ),
    taxonomies: all(
      `SELECT c.code, c.specialty, d.path FROM taxonomies c LEFT JOIN source_documents d ON d.id = c.specialty_document_id ORDER BY 1`,
    ),
    payers: all(`SELECT name FROM payers ORDER BY 1`),
    // Equal ranks come in document id order, which depends on the order documents arrived in.
    search: ['graft', 'procedure', 'flap'].map((text) =>
      codebook
        .search(text)
        .map((h) => [h.rank, h.code] as const)
        .sort(([a, x], [b, y]) => a - b || (x < y ? -1 : x > y ? 1 : 0)),
    ),
    manifest: { ...codebook.manifest(), builtAt: undefined, buildRunId: undefined },
  };
  codebook.close();
  return seen;
}

describe('removal', () => {
  it('equals a provision without the document; a removed code another lists stays, listed only', async () => {
    const { dir, seeds, db } = await twoDocuments();
    const report = await remove(['20955'], db);
    expect(report.removed).toEqual([{ path: join(seeds, 'cpt-20955.txt'), code: '20955' }]);
    rmSync(join(seeds, 'cpt-20955.txt'));
    const rebuilt = join(dir, 'rebuilt.db');
    await provision(seeds, rebuilt);
    expect(view(db)).toEqual(view(rebuilt));
    const codebook = openCodebook(db);
    // 20956's document lists 20955: it stays in codes, with 20956's descriptor, and no document describes it.
    expect(codebook.getCode('20955')).toBeUndefined();
    expect(codebook.relatedTo('20956', { direction: 'out' }).find((r) => r.relatedCode === '20955')?.relatedDescriptor).toBe(
      'Bone graft, any donor site, morcelized or structural, without microvascular anastomosis',
    );
    codebook.close();
  });

  it('removes by path, from the command line, and says what it removed', async () => {
    const { seeds, db } = await twoDocuments();
    const path = join(seeds, 'cpt-20956.txt');
    const run = await cli(['remove', path, '--db', db]);
    expect(run).toEqual({
      status: 0,
      stderr: '',
      stdout:
        `removed 20956 (${path})\n` +
        `removed 1 document from ${db}; now 1 document, 2 codes, 1 modifier, 1 relationship, 0 unknown values, 0 diagnostics\n`,
    });
  });

  it('changes nothing when any name matches nothing', async () => {
    const { db } = await twoDocuments();
    const before = readFileSync(db);
    await expect(remove(['20955', '99999', 'nope.txt'], db)).rejects.toThrow(
      new BuildError(`"99999", "nope.txt" are neither a documented code nor the path of a document in ${db}; nothing was removed`),
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('ingest --prune removes what is gone from the folder, as a provision of the folder would leave it', async () => {
    const { dir, seeds, db } = await twoDocuments();
    rmSync(join(seeds, 'cpt-20956.txt'));
    writeFiles(seeds, { 'cpt-20962.txt': makeDocument({ code: '20962', related: [['20956', 'Vascular graft', 'Alternative.']] }) });
    const run = await cli(['ingest', seeds, '--prune', '--db', db]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ingested into .*: 1 created, 0 updated, 1 unchanged, 1 removed; now 2 documents, /);
    const rebuilt = join(dir, 'rebuilt.db');
    await provision(seeds, rebuilt);
    expect(view(db)).toEqual(view(rebuilt));
  });
});

describe('the change log', () => {
  it('records what each run created, updated and removed, and codebook log prints it newest first', async () => {
    const { seeds, db } = await twoDocuments();
    writeFiles(seeds, { 'cpt-20955.txt': doc20955('Reworded.') });
    await ingest([seeds], db);
    await ingest([seeds], db); // unchanged: no run is recorded
    await remove(['20955'], db);
    const path = join(seeds, 'cpt-20955.txt');
    const run = await cli(['log', '20955', '--db', db, '-f', 'json']);
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows.map(({ started_at: _, ...row }) => row)).toEqual([
      { run: 3, kind: 'remove', code: '20955', change: 'removed', path, sha256: sha256(doc20955('Reworded.')) },
      { run: 2, kind: 'ingest', code: '20955', change: 'updated', path, sha256: sha256(doc20955('Reworded.')) },
      { run: 1, kind: 'provision', code: '20955', change: 'created', path, sha256: sha256(doc20955()) },
    ]);
    const codebook = openCodebook(db);
    expect(codebook.changeLog().map((c) => [c.buildRunId, c.code, c.change])).toEqual([
      [3, '20955', 'removed'],
      [2, '20955', 'updated'],
      [1, '20955', 'created'],
      [1, '20956', 'created'],
    ]);
    codebook.close();
  });
});

/** One step of a corpus's life: a document written (created or changed), or one taken away by `ingest --prune` or `codebook remove`. */
type Step =
  | { readonly kind: 'write'; readonly code: string; readonly variant: number }
  | { readonly kind: 'prune' | 'remove'; readonly code: string };

const CODES = ['20955', '20962', '27299', '15738'];

/**
 * A document of `code` in one of a few variants, which share catalog entries (modifier 76, the
 * related codes, a diagnosis, a payer) and disagree about their text, so that writing and
 * removing them moves catalog values and conflicts between documents.
 */
const variantOf = (code: string, variant: number) =>
  makeDocument({
    code,
    summary: `Variant ${variant} of ${code}.`,
    payers: variant % 2 === 0 ? 'Aetna and Medicare' : 'Cigna',
    modifiers: [['76', `Repeat procedure, wording ${variant % 3}`, 'When repeated.']],
    diagnoses: variant === 2 ? [] : [['M17.11', `Osteoarthritis, wording ${variant}`, 'Joint disease.']],
    related: CODES.filter((other) => other !== code && (variant + other.charCodeAt(3)) % 2 === 0).map((other) => [
      other,
      `Descriptor of ${other}, as ${code} words it`,
      'Related.',
    ]),
  });

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), code: fc.constantFrom(...CODES), variant: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constantFrom('prune' as const, 'remove' as const), code: fc.constantFrom(...CODES) }),
);

describe('ingest and removal, step by step', () => {
  it('leave the database a provision of the corpus would build, and every full check passes after each step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 6 }), async (steps) => {
        const dir = tempDir();
        const corpus = writeFiles(join(dir, 'corpus'), { 'cpt-20956.txt': SEED_TEXT });
        const db = join(dir, 'reference.db');
        await provision(corpus, db);
        for (const step of steps) {
          const file = join(corpus, `cpt-${step.code}.txt`);
          if (step.kind === 'write') {
            writeFiles(corpus, { [`cpt-${step.code}.txt`]: variantOf(step.code, step.variant) });
            await ingest([file], db);
          } else if (existsSync(file)) {
            rmSync(file);
            if (step.kind === 'prune') await ingest([corpus], db, { prune: true });
            else await remove([step.code], db);
          }
          const sqlite = new Database(db, { readonly: true });
          try {
            verifyDatabase(sqlite);
          } finally {
            sqlite.close();
          }
        }
        const rebuilt = join(dir, 'rebuilt.db');
        await provision(corpus, rebuilt);
        expect(view(db)).toEqual(view(rebuilt));
      }),
      { seed: 12, numRuns: 25 },
    );
  });
});
