/** The data-access layer over a small corpus that exercises every method. */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCodebook, type Codebook } from '../src/access/codebook.js';
import { searchQuery } from '../src/access/search.js';
import { ForeignDatabaseError } from '../src/db/identity.js';
import { MigrationError } from '../src/db/migrate.js';
import { provision } from '../src/pipeline/provision.js';
import { makeDocument, SEED_TEXT, tempDir, writeFiles } from './helpers.js';

const UNKNOWN = 'Data not available in the input.';
let codebook: Codebook;
let seeds: string;
let dbPath: string;

beforeAll(async () => {
  const dir = tempDir();
  seeds = writeFiles(join(dir, 'seeds'), {
    'cpt-20956.txt': SEED_TEXT,
    'cpt-20955.txt': makeDocument({
      code: '20955',
      title: 'Nonvascularized Bone Graft',
      payers: 'Aetna, Humana, and Medicare',
      modifiers: [
        ['62', 'Two surgeons', 'When two surgeons operate.'],
        ['LT', 'Left side', 'For the left side.'],
      ],
      diagnoses: [['M17.11', 'Unilateral primary osteoarthritis, right knee', 'Degenerative joint disease.']],
      taxonomies: [['207X00000X', 'Orthopaedic Surgery', 'Performs the graft.']],
      related: [['20956', 'Vascularized bone graft; includes harvest and microvascular anastomosis', 'The vascularized alternative.']],
    }),
    'hcpcs-G0121.txt': makeDocument({
      code: 'G0121',
      system: 'HCPCS',
      title: 'Colorectal Cancer Screening Colonoscopy',
      vignette: 'A screening colonoscopy in a patient not at high risk.',
      modifiers: [['33', 'Preventive service', UNKNOWN]],
      diagnoses: [['Z1211', 'Encounter for screening for malignant neoplasm of colon', 'Screening.']],
    }),
  });
  dbPath = join(dir, 'reference.db');
  await provision(seeds, dbPath);
  codebook = openCodebook(dbPath);
});

afterAll(() => codebook.close());

describe('getCode', () => {
  it('returns undefined for a code no document describes', async () => {
    expect(codebook.getCode('15738')).toBeUndefined();
    expect(codebook.getCode('99999')).toBeUndefined();
  });

  it('reads HCPCS records and codes written in lower case', async () => {
    expect(codebook.getCode('g0121')).toMatchObject({
      code: 'G0121',
      codeSystem: 'HCPCS',
      title: 'Colorectal Cancer Screening Colonoscopy',
      modifiers: [{ code: '33', description: 'Preventive service', whenToUse: null, unknown: ['whenToUse'] }],
      diagnoses: [
        {
          code: 'Z12.11',
          description: 'Encounter for screening for malignant neoplasm of colon',
          clinicalRelevance: 'Screening.',
          unknown: [],
        },
      ],
      taxonomies: [],
      unknown: [],
    });
  });
});

describe('getNarrative', () => {
  it("returns the code's prose with its workflow phases in order", async () => {
    const narrative = codebook.getNarrative('20956');
    expect(narrative?.workflows.map((w) => w.phase)).toEqual(['preoperative', 'intraoperative', 'postoperative']);
    expect(narrative?.clinicalVignette).toMatch(/^A 48-year-old male patient/);
    expect(narrative?.unknown).toEqual([]);
  });
});

describe('listCodes', () => {
  it('lists documented codes with counts, null where a list is unknown', async () => {
    expect(codebook.listCodes().map((c) => [c.code, c.modifierCount, c.diagnosisCount, c.taxonomyCount])).toEqual([
      ['20955', 2, 1, 1],
      ['20956', 9, null, null],
      ['G0121', 1, 1, 0],
    ]);
  });

  it('filters by system and by whether anything is unknown, and pages', async () => {
    expect(codebook.listCodes({ system: 'HCPCS' }).map((c) => c.code)).toEqual(['G0121']);
    expect(codebook.listCodes({ hasUnknown: true }).map((c) => c.code)).toEqual(['20956', 'G0121']);
    expect(codebook.listCodes({ hasUnknown: false }).map((c) => c.code)).toEqual(['20955']);
    expect(codebook.listCodes({ limit: 1, offset: 1 }).map((c) => c.code)).toEqual(['20956']);
  });
});

describe('relatedTo', () => {
  it('finds codes in either direction, saying which document states each', async () => {
    expect(codebook.relatedTo('20956', { direction: 'in' }).map((r) => [r.relatedCode, r.direction, r.relationship])).toEqual([
      ['20955', 'in', 'The vascularized alternative.'],
    ]);
    expect(codebook.relatedTo('20955').map((r) => [r.relatedCode, r.direction])).toEqual([
      ['20956', 'out'],
      ['20956', 'in'],
    ]);
    expect(codebook.relatedTo('20956', { direction: 'out' }).map((r) => r.relatedCode)).toEqual(['15738', '27299', '20955', '69990']);
  });
});

describe('lookups by catalog code', () => {
  it('finds the codes using a modifier', async () => {
    expect(codebook.codesUsingModifier('62').map((u) => [u.procedureCode, u.whenToUse])).toEqual([
      ['20955', 'When two surgeons operate.'],
      ['20956', expect.stringMatching(/^When two surgeons of different specialties/)],
    ]);
    expect(codebook.codesUsingModifier('lt').map((u) => u.procedureCode)).toEqual(['20955']);
  });

  it('finds the codes with a diagnosis, written with or without its dot', async () => {
    expect(codebook.codesWithDiagnosis('M17.11').map((d) => d.procedureCode)).toEqual(['20955']);
    expect(codebook.codesWithDiagnosis('m1711').map((d) => d.procedureCode)).toEqual(['20955']);
    expect(codebook.codesWithDiagnosis('not a code')).toEqual([]);
  });

  it('finds the codes for a taxonomy and for a payer', async () => {
    expect(codebook.codesForTaxonomy('207X00000X').map((t) => [t.procedureCode, t.specialty])).toEqual([['20955', 'Orthopaedic Surgery']]);
    expect(codebook.codesForPayer('humana').map((p) => p.code)).toEqual(['20955']);
    expect(codebook.codesForPayer('Medicare').map((p) => p.code)).toEqual(['20955', '20956', 'G0121']);
  });
});

describe('search', () => {
  it('finds codes by words of their text, best first, with a highlighted snippet', async () => {
    expect(codebook.search('microvascular')).toEqual([
      {
        code: '20956',
        title: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
        snippet: 'CPT code 20956 denotes a surgical [microvascular] procedure in which bone graft material is harvested from…',
        rank: expect.any(Number),
      },
    ]);
    expect(codebook.search('colonoscopy screening').map((h) => h.code)).toEqual(['G0121']);
    expect(codebook.search('grafts').map((h) => h.code)).toEqual(['20955', '20956']);
  });

  it('matches words, so punctuation and FTS syntax in the text are harmless', async () => {
    expect(searchQuery('high-energy "pelvic" OR NEAR(')).toBe('"high" "energy" "pelvic" "OR" "NEAR"');
    expect(codebook.search('high-energy "pelvic').map((h) => h.code)).toEqual(['20956']);
    expect(codebook.search('  ?! ')).toEqual([]);
  });

  it('limits the number of results', async () => {
    expect(codebook.search('graft', { limit: 1 })).toHaveLength(1);
  });
});

describe('unknownValues', () => {
  it('lists every unknown value, record fields first, with reason and source line', async () => {
    expect(codebook.unknownValues({ code: 'G0121' })).toEqual([
      {
        procedureCode: 'G0121',
        scope: 'modifiers',
        itemKey: '33',
        field: 'whenToUse',
        reason: 'sentinel',
        sourcePath: expect.stringMatching(/seeds\/hcpcs-G0121\.txt$/),
        line: 16,
        filledFrom: null,
      },
    ]);
    expect(codebook.unknownValues().map((u) => u.procedureCode)).toEqual([...Array(8).fill('20956'), 'G0121']);
  });
});

describe('openCodebook', () => {
  it('refuses a codebook database that is not at the latest migration, saying what to do', async () => {
    const db = join(tempDir(), 'old.db');
    copyFileSync(dbPath, db);
    const sqlite = new Database(db);
    sqlite.prepare(`DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)`).run();
    sqlite.close();
    expect(() => openCodebook(db)).toThrow(MigrationError);
    expect(() => openCodebook(db)).toThrow(
      `${db} is at migration 6 of 7: run \`codebook migrate --db ${db}\` to upgrade it, or \`codebook provision\` to rebuild it`,
    );
  });

  it('says an empty database is to be provisioned', async () => {
    const db = join(tempDir(), 'empty.db');
    new Database(db).close();
    expect(() => openCodebook(db)).toThrow(ForeignDatabaseError);
    expect(() => openCodebook(db)).toThrow(`${db} is an empty database: build it with \`codebook provision --db ${db}\``);
  });

  it("refuses another application's database without suggesting to migrate it", async () => {
    const dir = tempDir();
    const tagged = join(dir, 'tagged.db');
    const other = new Database(tagged);
    other.pragma('application_id = 1234');
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    expect(() => openCodebook(tagged)).toThrow(
      `${tagged} is not a codebook database: another application's SQLite database (application_id 0x000004d2; codebook's is 0x6364626b)`,
    );
    const untagged = join(dir, 'untagged.db');
    new Database(untagged).exec('CREATE TABLE notes (body TEXT)');
    expect(() => openCodebook(untagged)).toThrow(
      `${untagged} is not a codebook database: an SQLite database with tables, but without codebook's application_id or migrations`,
    );
  });

  it('reads a database codebook built before databases carried its application_id', async () => {
    const db = join(tempDir(), 'legacy.db');
    copyFileSync(dbPath, db);
    new Database(db).pragma('application_id = 0');
    const legacy = openCodebook(db);
    expect(legacy.getCode('20956')?.code).toBe('20956');
    legacy.close();
  });

  it('marks what it builds with application_id 0x6364626b ("cdbk"), in rollback-journal mode', async () => {
    const header = readFileSync(dbPath).subarray(0, 100);
    expect(header.readUInt32BE(68)).toBe(0x6364626b);
    expect([header[18], header[19]]).toEqual([1, 1]);
  });
});

describe('every method checks its arguments', () => {
  const loose = () => codebook as unknown as Record<string, (...args: unknown[]) => unknown>;
  it.each([
    ['getCode', [undefined], 'getCode: code must be a string, got undefined'],
    ['getCode', [20956], 'getCode: code must be a string, got the number 20956'],
    ['getNarrative', [null], 'getNarrative: code must be a string, got null'],
    ['listCodes', [{ limit: 'x' }], 'listCodes: filter.limit must be a whole number ≥ 0, got the string "x"'],
    ['listCodes', [{ offset: -1 }], 'listCodes: filter.offset must be a whole number ≥ 0, got the number -1'],
    ['listCodes', [{ system: 'ICD' }], "listCodes: filter.system must be one of 'CPT', 'HCPCS', got the string \"ICD\""],
    ['listCodes', [{ hasUnknown: 1 }], 'listCodes: filter.hasUnknown must be true or false, got the number 1'],
    ['listCodes', [{ limt: 5 }], 'listCodes: filter has no option limt (known: system, hasUnknown, limit, offset)'],
    ['listCodes', ['CPT'], 'listCodes: filter must be an object with system, hasUnknown, limit, offset, got the string "CPT"'],
    ['relatedTo', ['20956', { direction: 'up' }], "relatedTo: options.direction must be one of 'out', 'in', 'both', got the string \"up\""],
    ['relatedTo', ['20956', null], 'relatedTo: options must be an object with direction, got null'],
    ['codesUsingModifier', [62], 'codesUsingModifier: modifier must be a string, got the number 62'],
    ['codesWithDiagnosis', [undefined], 'codesWithDiagnosis: icd10 must be a string, got undefined'],
    ['codesForTaxonomy', [{}], 'codesForTaxonomy: nucc must be a string, got an object'],
    ['codesForPayer', [['Aetna']], 'codesForPayer: name must be a string, got an array'],
    ['search', [null], 'search: text must be a string, got null'],
    ['search', ['graft', { limit: 'x' }], 'search: options.limit must be a whole number ≥ 0, got the string "x"'],
    ['search', ['graft', { limit: 1.5 }], 'search: options.limit must be a whole number ≥ 0, got the number 1.5'],
    ['unknownValues', [{ code: 20956 }], 'unknownValues: filter.code must be a string, got the number 20956'],
  ] as const)('%s(%j) is a TypeError naming the argument', (method, args, message) => {
    expect(() => loose()[method]!(...args)).toThrow(new TypeError(message));
  });

  it('openCodebook checks its own', () => {
    expect(() => openCodebook(undefined as unknown as string)).toThrow(new TypeError('openCodebook: path must be a string, got undefined'));
    expect(() => openCodebook(dbPath, { immutable: 'yes' } as never)).toThrow(
      new TypeError('openCodebook: options.immutable must be true or false, got the string "yes"'),
    );
    expect(() => openCodebook(dbPath, { immutable: true, readonly: false })).toThrow(TypeError);
  });
});
