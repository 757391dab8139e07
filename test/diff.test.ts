import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { SENTINEL } from '../src/domain/unknowns.js';
import { provision } from '../src/pipeline/provision.js';
import { openCodebook } from '../src/access/codebook.js';
import { codebook as cli, makeDocument, SEED_TEXT, tempDir, writeFiles } from './helpers.js';

/** 20955 as two releases describe it: every kind of change between them (the new one states no taxonomy table: unknown). */
const doc20955 = (version: 'old' | 'new') =>
  makeDocument({
    code: '20955',
    title: version === 'old' ? 'Bone graft' : 'Bone graft, any site',
    serviceType: version === 'old' ? 'Surgical' : SENTINEL,
    vignette: version === 'old' ? SENTINEL : 'A patient presents.',
    payers: version === 'old' ? 'Aetna and Medicare' : 'Aetna and Cigna',
    modifiers: [
      ['76', 'Repeat procedure', version === 'old' ? 'When repeated.' : 'When repeated twice.'],
      ['59', 'Distinct procedural service', version === 'old' ? 'When distinct.' : SENTINEL],
      ...(version === 'old' ? [['22', 'Increased procedural services', 'When harder.'] as [string, string, string]] : []),
    ],
    taxonomies: version === 'old' ? [['207X00000X', 'Orthopaedic Surgery', 'Surgeon.']] : [],
    diagnoses: [
      ['M17.11', version === 'old' ? SENTINEL : 'Osteoarthritis, right knee', 'Joint disease.'],
      ...(version === 'old' ? [] : [['M17.12', 'Osteoarthritis, left knee', 'Joint disease.'] as [string, string, string]]),
    ],
    related: [['15738', version === 'old' ? 'Free flap' : 'Free flap, reworded', 'Cover.']],
  }).replace(version === 'old' ? '' : '| Taxonomy Code | Specialty | Notes |\n|---|---|---|\n', '');

let dir: string;
let oldDb: string;
let newDb: string;
beforeAll(async () => {
  dir = tempDir();
  oldDb = join(dir, 'old.db');
  newDb = join(dir, 'new.db');
  await provision(
    writeFiles(join(dir, 'old'), {
      'cpt-20956.txt': SEED_TEXT,
      'cpt-20955.txt': doc20955('old'),
      'cpt-20962.txt': makeDocument({ code: '20962' }),
    }),
    oldDb,
  );
  await provision(
    writeFiles(join(dir, 'new'), {
      'cpt-20956.txt': SEED_TEXT,
      'cpt-20955.txt': doc20955('new'),
      'cpt-20970.txt': makeDocument({ code: '20970' }),
    }),
    newDb,
  );
});

/** An expectation with the folder and the two editions of this run in place of DIR, OLD_EDITION and NEW_EDITION. */
function expected(text: string): string {
  const edition = (db: string) => {
    const codebook = openCodebook(db);
    const { edition } = codebook.manifest()!;
    codebook.close();
    return edition;
  };
  return text.replaceAll('DIR', dir).replaceAll('OLD_EDITION', edition(oldDb)).replaceAll('NEW_EDITION', edition(newDb));
}

const TABLE =
  [
    'old: DIR/old.db (edition OLD_EDITION)',
    'new: DIR/new.db (edition NEW_EDITION)',
    '1 added, 1 removed, 2 changed, 0 unchanged; 2 catalog values changed',
    '',
    'added 20970: Procedure 20970',
    'removed 20962: Procedure 20962',
    '',
    'changed 20955: Bone graft, any site',
    '  title: changed: "Bone graft" → "Bone graft, any site"',
    '  serviceType: became unknown: "Surgical" → (unknown)',
    '  modifiers[22]: removed: 22 — "Increased procedural services" — "When harder." → (absent)',
    '  modifiers[76].whenToUse: changed: "When repeated." → "When repeated twice."',
    '  modifiers[59].whenToUse: became unknown: "When distinct." → (unknown)',
    '  relatedCodes[15738].descriptor: changed: "Free flap" → "Free flap, reworded"',
    '  diagnoses[M17.11].description: became known: (unknown) → "Osteoarthritis, right knee"',
    '  diagnoses[M17.12]: added: (absent) → M17.12 — "Osteoarthritis, left knee" — "Joint disease."',
    '  taxonomies: became unknown: 207X00000X — "Orthopaedic Surgery" — "Surgeon." → (unknown)',
    '  payers[Medicare]: removed: "Medicare" → (absent)',
    '  payers[Cigna]: added: (absent) → "Cigna"',
    '  summary: changed: "Code 20955 is a procedure.\\nKey payers covered in this analysis include Aetna and Medicare. More text." → ' +
      '"Code 20955 is a procedure.\\nKey payers covered in this analysis include Aetna and Cigna. More text."',
    '  clinicalVignette: became known: (unknown) → "A patient presents."',
    '',
    'changed 20956: Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
    '  relatedCodes[15738].descriptor: changed: "Free flap" → "Free flap, reworded"',
    '',
    'catalog code 15738: changed: "Free flap" (DIR/old/cpt-20955.txt) → "Free flap, reworded" (DIR/new/cpt-20955.txt)',
    'catalog diagnosis M17.11: became known: (unknown) (no document) → "Osteoarthritis, right knee" (DIR/new/cpt-20955.txt)',
  ].join('\n') + '\n';

const MARKDOWN =
  [
    '### codebook diff',
    '',
    '|  | Old | New |',
    '| --- | --- | --- |',
    '| Database | DIR/old.db | DIR/new.db |',
    '| Edition | OLD_EDITION | NEW_EDITION |',
    '',
    '**1 added, 1 removed, 2 changed, 0 unchanged; 2 catalog values changed**',
    '',
    '#### Added',
    '',
    '| Code | Title |',
    '| --- | --- |',
    '| 20970 | Procedure 20970 |',
    '',
    '#### Removed',
    '',
    '| Code | Title |',
    '| --- | --- |',
    '| 20962 | Procedure 20962 |',
    '',
    '#### Changed',
    '',
    '| Code | Field | Change | Old | New |',
    '| --- | --- | --- | --- | --- |',
    '| 20955 | title | changed | "Bone graft" | "Bone graft, any site" |',
    '| 20955 | serviceType | became unknown | "Surgical" | (unknown) |',
    '| 20955 | modifiers[22] | removed | 22 — "Increased procedural services" — "When harder." | (absent) |',
    '| 20955 | modifiers[76].whenToUse | changed | "When repeated." | "When repeated twice." |',
    '| 20955 | modifiers[59].whenToUse | became unknown | "When distinct." | (unknown) |',
    '| 20955 | relatedCodes[15738].descriptor | changed | "Free flap" | "Free flap, reworded" |',
    '| 20955 | diagnoses[M17.11].description | became known | (unknown) | "Osteoarthritis, right knee" |',
    '| 20955 | diagnoses[M17.12] | added | (absent) | M17.12 — "Osteoarthritis, left knee" — "Joint disease." |',
    '| 20955 | taxonomies | became unknown | 207X00000X — "Orthopaedic Surgery" — "Surgeon." | (unknown) |',
    '| 20955 | payers[Medicare] | removed | "Medicare" | (absent) |',
    '| 20955 | payers[Cigna] | added | (absent) | "Cigna" |',
    '| 20955 | summary | changed | ' +
      '"Code 20955 is a procedure.\\\\nKey payers covered in this analysis include Aetna and Medicare. More text." | ' +
      '"Code 20955 is a procedure.\\\\nKey payers covered in this analysis include Aetna and Cigna. More text." |',
    '| 20955 | clinicalVignette | became known | (unknown) | "A patient presents." |',
    '| 20956 | relatedCodes[15738].descriptor | changed | "Free flap" | "Free flap, reworded" |',
    '',
    '#### Catalog values',
    '',
    '| Catalog | Code | Change | Old | New | Old source | New source |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    '| code | 15738 | changed | "Free flap" | "Free flap, reworded" | DIR/old/cpt-20955.txt | DIR/new/cpt-20955.txt |',
    '| diagnosis | M17.11 | became known | (unknown) | "Osteoarthritis, right knee" |  | DIR/new/cpt-20955.txt |',
  ].join('\n') + '\n';

const JSON_SHAPE = {
  old: {
    path: 'DIR/old.db',
    edition: 'OLD_EDITION',
    migrated: 0,
  },
  new: {
    path: 'DIR/new.db',
    edition: 'NEW_EDITION',
    migrated: 0,
  },
  summary: {
    added: 1,
    removed: 1,
    changed: 2,
    unchanged: 0,
    catalogValuesChanged: 2,
  },
  added: [
    {
      code: '20970',
      title: 'Procedure 20970',
    },
  ],
  removed: [
    {
      code: '20962',
      title: 'Procedure 20962',
    },
  ],
  changed: [
    {
      code: '20955',
      title: 'Bone graft, any site',
      changes: [
        {
          field: 'title',
          key: null,
          entryField: null,
          change: 'changed',
          old: 'Bone graft',
          new: 'Bone graft, any site',
        },
        {
          field: 'serviceType',
          key: null,
          entryField: null,
          change: 'became unknown',
          old: 'Surgical',
          new: null,
        },
        {
          field: 'modifiers',
          key: '22',
          entryField: null,
          change: 'removed',
          old: {
            code: '22',
            description: 'Increased procedural services',
            whenToUse: 'When harder.',
          },
          new: null,
        },
        {
          field: 'modifiers',
          key: '76',
          entryField: 'whenToUse',
          change: 'changed',
          old: 'When repeated.',
          new: 'When repeated twice.',
        },
        {
          field: 'modifiers',
          key: '59',
          entryField: 'whenToUse',
          change: 'became unknown',
          old: 'When distinct.',
          new: null,
        },
        {
          field: 'relatedCodes',
          key: '15738',
          entryField: 'descriptor',
          change: 'changed',
          old: 'Free flap',
          new: 'Free flap, reworded',
        },
        {
          field: 'diagnoses',
          key: 'M17.11',
          entryField: 'description',
          change: 'became known',
          old: null,
          new: 'Osteoarthritis, right knee',
        },
        {
          field: 'diagnoses',
          key: 'M17.12',
          entryField: null,
          change: 'added',
          old: null,
          new: {
            code: 'M17.12',
            description: 'Osteoarthritis, left knee',
            clinicalRelevance: 'Joint disease.',
          },
        },
        {
          field: 'taxonomies',
          key: null,
          entryField: null,
          change: 'became unknown',
          old: [
            {
              code: '207X00000X',
              specialty: 'Orthopaedic Surgery',
              notes: 'Surgeon.',
            },
          ],
          new: null,
        },
        {
          field: 'payers',
          key: 'Medicare',
          entryField: null,
          change: 'removed',
          old: 'Medicare',
          new: null,
        },
        {
          field: 'payers',
          key: 'Cigna',
          entryField: null,
          change: 'added',
          old: null,
          new: 'Cigna',
        },
        {
          field: 'summary',
          key: null,
          entryField: null,
          change: 'changed',
          old: 'Code 20955 is a procedure.\nKey payers covered in this analysis include Aetna and Medicare. More text.',
          new: 'Code 20955 is a procedure.\nKey payers covered in this analysis include Aetna and Cigna. More text.',
        },
        {
          field: 'clinicalVignette',
          key: null,
          entryField: null,
          change: 'became known',
          old: null,
          new: 'A patient presents.',
        },
      ],
    },
    {
      code: '20956',
      title: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
      changes: [
        {
          field: 'relatedCodes',
          key: '15738',
          entryField: 'descriptor',
          change: 'changed',
          old: 'Free flap',
          new: 'Free flap, reworded',
        },
      ],
    },
  ],
  catalogValues: [
    {
      catalog: 'code',
      code: '15738',
      change: 'changed',
      old: 'Free flap',
      new: 'Free flap, reworded',
      oldSource: 'DIR/old/cpt-20955.txt',
      newSource: 'DIR/new/cpt-20955.txt',
    },
    {
      catalog: 'diagnosis',
      code: 'M17.11',
      change: 'became known',
      old: null,
      new: 'Osteoarthritis, right knee',
      oldSource: null,
      newSource: 'DIR/new/cpt-20955.txt',
    },
  ],
};

describe('codebook diff', () => {
  it('prints every kind of change, per code and per field, as a table; exit 1', async () => {
    expect(await cli(['diff', oldDb, newDb])).toEqual({ status: 1, stderr: '', stdout: expected(TABLE) });
  });

  it('prints them as Markdown for a pull request', async () => {
    expect(await cli(['diff', oldDb, newDb, '-f', 'markdown'])).toEqual({ status: 1, stderr: '', stdout: expected(MARKDOWN) });
  });

  it('prints them as JSON', async () => {
    const run = await cli(['diff', oldDb, newDb, '-f', 'json']);
    expect([run.status, run.stderr]).toEqual([1, '']);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(expected(JSON.stringify(JSON_SHAPE))));
  });

  it('says two databases of the same documents are the same: exit 0', async () => {
    const again = join(dir, 'again.db');
    await provision(join(dir, 'new'), again);
    expect(await cli(['diff', newDb, again])).toEqual({
      status: 0,
      stderr: '',
      stdout: expected(
        `old: DIR/new.db (edition NEW_EDITION)\nnew: DIR/again.db (edition NEW_EDITION)\n` +
          `0 added, 0 removed, 0 changed, 3 unchanged; 0 catalog values changed\n`,
      ),
    });
    const json = JSON.parse((await cli(['diff', newDb, again, '-f', 'json'])).stdout) as Record<string, unknown>;
    expect([json.added, json.removed, json.changed, json.catalogValues]).toEqual([[], [], [], []]);
  });

  it('reads an older database through a migrated copy in memory, never changing it', async () => {
    const older = join(dir, 'older.db');
    copyFileSync(oldDb, older);
    // The database as migration 0005 left it: without what 0006 and 0007 added.
    const sqlite = new Database(older);
    sqlite.exec(`DROP TABLE build_manifest; DROP TABLE code_changes;
      DROP INDEX codes_descriptor_document; DROP INDEX diagnoses_description_document;
      DROP INDEX modifiers_description_document; DROP INDEX taxonomies_specialty_document; DROP INDEX document_diagnostics_rule_message;
      DROP TABLE column_descriptions; DROP TABLE table_descriptions; DROP TABLE database_metadata;
      DELETE FROM __drizzle_migrations
        WHERE created_at >= (SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1 OFFSET 1);`);
    sqlite.close();
    const before = readFileSync(older);
    const run = await cli(['diff', older, newDb, '-f', 'json']);
    expect(run.status).toBe(1);
    const diff = JSON.parse(run.stdout) as { old: unknown; summary: unknown };
    expect(diff.old).toEqual({ path: older, edition: null, migrated: 2 });
    expect(diff.summary).toEqual(JSON_SHAPE.summary);
    expect(readFileSync(older).equals(before)).toBe(true);
  });

  it('exits 2 on trouble: a database that is not there, or a wrong argument', async () => {
    expect(await cli(['diff', join(dir, 'none.db'), newDb])).toEqual({
      status: 2,
      stdout: '',
      stderr: `codebook: error: no database at ${join(dir, 'none.db')}: run \`codebook provision\` first, or pass --db FILE\n`,
    });
    expect((await cli(['diff', oldDb, newDb, '-f', 'csv'])).status).toBe(2);
    expect((await cli(['diff', oldDb])).status).toBe(2);
  });
});
