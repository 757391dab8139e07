/** The data-access layer over a small corpus that exercises every method. */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCodebook, type Codebook } from '../src/access/codebook.js';
import { openLibsqlCodebook, type AsyncCodebook } from '../src/access/libsql.js';
import { searchQuery, SearchQueryError } from '../src/access/search.js';
import { ForeignDatabaseError } from '../src/db/identity.js';
import { MigrationError } from '../src/db/migrate.js';
import { provision } from '../src/pipeline/provision.js';
import { TOOL_VERSION } from '../src/version.js';
import { editionOf, makeDocument, SEED_TEXT, sha256, tempDir, writeFiles } from './helpers.js';

const UNKNOWN = 'Data not available in the input.';
let seeds: string;
let dbPath: string;

/** The corpus's documents, in path order (which is code order here). */
const documentPaths = () => ['cpt-20955.txt', 'cpt-20956.txt', 'hcpcs-G0121.txt'].map((name) => join(seeds, name));

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
});

/**
 * The drivers the data-access layer runs on: the same methods, records and errors, as values
 * (better-sqlite3) or as promises (libSQL); `await` reads both.
 */
const DRIVERS = [
  { driver: 'better-sqlite3', open: async (path: string): Promise<Codebook | AsyncCodebook> => openCodebook(path) },
  { driver: 'libSQL', open: (path: string): Promise<Codebook | AsyncCodebook> => openLibsqlCodebook(path) },
];

describe.each(DRIVERS)('the data-access layer on $driver', ({ open }) => {
  let codebook: Codebook | AsyncCodebook;
  beforeAll(async () => {
    codebook = await open(dbPath);
  });
  afterAll(() => codebook.close());

  describe('getCode', () => {
    it('returns undefined for a code no document describes', async () => {
      expect(await codebook.getCode('15738')).toBeUndefined();
      expect(await codebook.getCode('99999')).toBeUndefined();
    });

    it('reads HCPCS records and codes written in lower case', async () => {
      expect(await codebook.getCode('g0121')).toMatchObject({
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
      const narrative = await codebook.getNarrative('20956');
      expect(narrative?.workflows.map((w) => w.phase)).toEqual(['preoperative', 'intraoperative', 'postoperative']);
      expect(narrative?.clinicalVignette).toMatch(/^A 48-year-old male patient/);
      expect(narrative?.unknown).toEqual([]);
    });
  });

  describe('listCodes', () => {
    it('lists documented codes with counts, null where a list is unknown', async () => {
      expect((await codebook.listCodes()).map((c) => [c.code, c.modifierCount, c.diagnosisCount, c.taxonomyCount])).toEqual([
        ['20955', 2, 1, 1],
        ['20956', 9, null, null],
        ['G0121', 1, 1, 0],
      ]);
    });

    it('filters by system and by whether anything is unknown, and pages', async () => {
      expect((await codebook.listCodes({ system: 'HCPCS' })).map((c) => c.code)).toEqual(['G0121']);
      expect((await codebook.listCodes({ hasUnknown: true })).map((c) => c.code)).toEqual(['20956', 'G0121']);
      expect((await codebook.listCodes({ hasUnknown: false })).map((c) => c.code)).toEqual(['20955']);
      expect((await codebook.listCodes({ limit: 1, offset: 1 })).map((c) => c.code)).toEqual(['20956']);
    });
  });

  describe('relatedTo', () => {
    it('finds codes in either direction, saying which document states each', async () => {
      expect((await codebook.relatedTo('20956', { direction: 'in' })).map((r) => [r.relatedCode, r.direction, r.relationship])).toEqual([
        ['20955', 'in', 'The vascularized alternative.'],
      ]);
      expect((await codebook.relatedTo('20955')).map((r) => [r.relatedCode, r.direction])).toEqual([
        ['20956', 'out'],
        ['20956', 'in'],
      ]);
      expect((await codebook.relatedTo('20956', { direction: 'out' })).map((r) => r.relatedCode)).toEqual([
        '15738',
        '27299',
        '20955',
        '69990',
      ]);
    });
  });

  describe('lookups by catalog code', () => {
    it('finds the codes using a modifier', async () => {
      expect((await codebook.codesUsingModifier('62')).map((u) => [u.procedureCode, u.whenToUse])).toEqual([
        ['20955', 'When two surgeons operate.'],
        ['20956', expect.stringMatching(/^When two surgeons of different specialties/)],
      ]);
      expect((await codebook.codesUsingModifier('lt')).map((u) => u.procedureCode)).toEqual(['20955']);
    });

    it('finds the codes with a diagnosis, written with or without its dot', async () => {
      expect((await codebook.codesWithDiagnosis('M17.11')).map((d) => d.procedureCode)).toEqual(['20955']);
      expect((await codebook.codesWithDiagnosis('m1711')).map((d) => d.procedureCode)).toEqual(['20955']);
      expect(await codebook.codesWithDiagnosis('not a code')).toEqual([]);
    });

    it('finds the codes for a taxonomy and for a payer', async () => {
      expect((await codebook.codesForTaxonomy('207X00000X')).map((t) => [t.procedureCode, t.specialty])).toEqual([
        ['20955', 'Orthopaedic Surgery'],
      ]);
      expect((await codebook.codesForPayer('humana')).map((p) => p.code)).toEqual(['20955']);
      expect((await codebook.codesForPayer('Medicare')).map((p) => p.code)).toEqual(['20955', '20956', 'G0121']);
    });
  });

  describe('search', () => {
    it('finds codes by words of their text, best first, with a highlighted snippet', async () => {
      expect(await codebook.search('microvascular')).toEqual([
        {
          code: '20956',
          title: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
          snippet: 'CPT code 20956 denotes a surgical [microvascular] procedure in which bone graft material is harvested from…',
          rank: expect.any(Number),
        },
      ]);
      expect((await codebook.search('colonoscopy screening')).map((h) => h.code)).toEqual(['G0121']);
      expect((await codebook.search('grafts')).map((h) => h.code)).toEqual(['20955', '20956']);
    });

    it('matches words, so punctuation and FTS syntax in the text are harmless', async () => {
      expect(searchQuery('high-energy "pelvic" OR NEAR(')).toBe('"high" "energy" "pelvic" "OR" "NEAR"');
      expect((await codebook.search('high-energy "pelvic')).map((h) => h.code)).toEqual(['20956']);
      expect(await codebook.search('  ?! ')).toEqual([]);
    });

    it('limits the number of results', async () => {
      expect(await codebook.search('graft', { limit: 1 })).toHaveLength(1);
    });

    it('reads a phrase, prefixes or an FTS5 query when asked, and quotes an invalid one', async () => {
      expect((await codebook.search('iliac crest', { mode: 'phrase' })).map((h) => h.code)).toEqual(['20956']);
      expect((await codebook.search('crest iliac', { mode: 'phrase' })).map((h) => h.code)).toEqual([]);
      expect((await codebook.search('colonosc', { mode: 'prefix' })).map((h) => h.code)).toEqual(['G0121']);
      expect((await codebook.search('colonoscopy OR microvascular', { mode: 'raw' })).map((h) => h.code).sort()).toEqual([
        '20956',
        'G0121',
      ]);
      await expect((async () => codebook.search('graft AND', { mode: 'raw' }))()).rejects.toThrow(
        new SearchQueryError('search: "graft AND" is not a valid FTS5 query: fts5: syntax error near ""'),
      );
    });

    it("takes a large row's passage from the excerpt that matches best", async () => {
      const dir = tempDir();
      const filler = 'The reconstruction is described at length in this paragraph. '.repeat(300);
      writeFiles(join(dir, 'seeds'), {
        'cpt-20956.txt': makeDocument({ code: '20956', summary: `${filler}A periosteal flap is raised. ${filler}` }),
      });
      await provision(join(dir, 'seeds'), join(dir, 'reference.db'));
      const large = await open(join(dir, 'reference.db'));
      expect((await large.search('periosteal')).map((h) => h.snippet)).toEqual([
        '…A [periosteal] flap is raised. The reconstruction is described at length in this paragraph. The reconstruction…',
      ]);
      expect((await large.findCodes({ text: 'periosteal' })).codes.map((c) => c.snippet)).toEqual([
        '…A [periosteal] flap is raised. The reconstruction is described at length in this paragraph. The reconstruction…',
      ]);
      large.close();
    });
  });

  describe('its connection', () => {
    it('only reads', async () => {
      const db = codebook.db as unknown as { run(query: SQL): unknown };
      const refused = await (async () => db.run(sql`DELETE FROM procedure_payers`))().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String((refused as Error | undefined)?.cause)).toMatch(/attempt to write a readonly database/);
      expect(await codebook.codesForPayer('Medicare')).toHaveLength(3);
    });
  });

  describe('unknownValues', () => {
    it('lists every unknown value, record fields first, with reason and source line', async () => {
      expect(await codebook.unknownValues({ code: 'G0121' })).toEqual([
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
      expect((await codebook.unknownValues()).map((u) => u.procedureCode)).toEqual([...Array(8).fill('20956'), 'G0121']);
    });
  });

  describe("the explorer's reads", () => {
    const count = (value: string | boolean | null, n: number) => ({ value, count: n });
    it('findCodes: every documented code by code, with the count of each facet value among them', async () => {
      const found = await codebook.findCodes();
      expect(found.total).toBe(3);
      expect(found.codes.map((c) => [c.code, c.codeSystem, c.codeCategory, c.serviceType, c.unknownValueCount, c.snippet])).toEqual([
        ['20955', 'CPT', 'Category I', 'Surgical', 0, null],
        ['20956', 'CPT', 'Category I', 'Surgical — microvascular reconstructive bone grafting', 8, null],
        ['G0121', 'HCPCS', 'Level II', 'Surgical', 1, null],
      ]);
      expect(found.facets.system).toEqual([count('CPT', 2), count('HCPCS', 1)]);
      expect(found.facets.serviceType).toEqual([count('Surgical', 2), count('Surgical — microvascular reconstructive bone grafting', 1)]);
      expect(found.facets.payer.slice(0, 3)).toEqual([count('Aetna', 3), count('Medicare', 3), count('Blue Cross Blue Shield', 1)]);
      expect(found.facets.modifier.slice(0, 2)).toEqual([count('62', 2), count('33', 1)]);
      expect(found.facets.hasUnknown).toEqual([count(true, 2), count(false, 1)]);
    });

    it('findCodes: text and facets narrow the codes, best match first, one page of them with snippets', async () => {
      const found = await codebook.findCodes({ text: 'graft', payer: ' aetna ', limit: 1 });
      expect(found.total).toBe(2);
      expect(found.codes.map((c) => [c.code, c.snippet])).toEqual([['20955', 'Nonvascularized Bone [Graft]']]);
      expect(found.facets.hasUnknown).toEqual([count(false, 1), count(true, 1)]);
      const hcpcs = await codebook.findCodes({ system: 'HCPCS', hasUnknown: true, modifier: '33' });
      expect([hcpcs.total, hcpcs.codes.map((c) => c.code)]).toEqual([1, ['G0121']]);
      expect((await codebook.findCodes({ text: 'graft', offset: 1 })).codes.map((c) => c.code)).toEqual(['20956']);
      expect((await codebook.findCodes({ serviceType: null })).total).toBe(0);
      expect(await codebook.findCodes({ text: ' ?! ' })).toEqual({
        total: 0,
        codes: [],
        facets: { system: [], category: [], serviceType: [], payer: [], modifier: [], hasUnknown: [] },
      });
    });

    it("sourceLines: the line of each entry and name of a code's record, in its order", async () => {
      expect(await codebook.sourceLines('20955')).toEqual({
        descriptor: 28,
        modifiers: [16, 17],
        relatedCodes: [29],
        diagnoses: [24],
        taxonomies: [20],
        sitesOfService: [8],
        payers: [4, 4, 4],
      });
      expect(await codebook.sourceLines('99999')).toBeUndefined();
    });

    it('nearbyCodes: the documented codes on each side of a code, in code order', async () => {
      expect(await codebook.nearbyCodes('20957', 1)).toEqual(['20956', 'G0121']);
      expect(await codebook.nearbyCodes('20956')).toEqual(['20955', 'G0121']);
      expect(await codebook.nearbyCodes('a0001', 0)).toEqual([]);
    });

    it('info: the latest build run and the counts', async () => {
      expect(await codebook.info()).toEqual({
        latest: { id: 1, kind: 'provision', startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), toolVersion: expect.any(String) },
        counts: { documents: 3, procedures: 3, rejectedDocuments: 0, buildRuns: 1 },
      });
    });

    it("tables and tablePage: the schema's relations and a page of one, sorted and filtered by bound values", async () => {
      const tables = await codebook.tables();
      expect(tables.find((t) => t.name === 'payers')).toEqual({ name: 'payers', kind: 'table', columns: ['name'] });
      expect(tables.find((t) => t.name === 'modifier_usage')?.kind).toBe('view');
      expect(
        await codebook.tablePage('modifier_usage', { where: { procedure_code: '20955' }, sort: 'position', descending: true, limit: 1 }),
      ).toEqual({
        columns: ['procedure_code', 'modifier_code', 'description', 'when_to_use', 'position', 'source_path', 'line'],
        rows: [['20955', 'LT', 'Left side', 'For the left side.', 2, expect.stringMatching(/seeds\/cpt-20955\.txt$/), 17]],
        total: 2,
      });
      expect((await codebook.tablePage('payers', { where: { name: "x' OR 1=1 --" } }))?.total).toBe(0);
      expect(await codebook.tablePage('sqlite_master')).toBeUndefined();
      await expect((async () => codebook.tablePage('payers', { sort: 'name; DROP TABLE payers' }))()).rejects.toThrow(
        new RangeError('payers has no column name; DROP TABLE payers (its columns: name)'),
      );
    });
  });

  describe('the manifest and the change log', () => {
    it('manifest: the edition id of the corpus, the build that wrote it, and its counts', async () => {
      expect(await codebook.manifest()).toEqual({
        edition: editionOf(documentPaths()),
        buildRunId: 1,
        builtAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        toolVersion: TOOL_VERSION,
        migration: '0007_schema_descriptions',
        documents: 3,
        codes: 6, // the three documented and the seed's related 15738, 27299 and 69990
        unknownValues: 9,
        rejectedDocuments: 0,
      });
    });

    it("changeLog: each code the provision created, from its document; one code's alone", async () => {
      const created = documentPaths().map((path) => ({
        buildRunId: 1,
        kind: 'provision',
        startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        code: { 'cpt-20955.txt': '20955', 'cpt-20956.txt': '20956', 'hcpcs-G0121.txt': 'G0121' }[basename(path)],
        change: 'created',
        path,
        sha256: sha256(readFileSync(path)),
      }));
      expect(await codebook.changeLog()).toEqual(created);
      expect(await codebook.changeLog({ code: ' g0121 ' })).toEqual(created.filter((row) => row.code === 'G0121'));
      expect(await codebook.changeLog({ code: '99999' })).toEqual([]);
    });
  });

  describe('opening', () => {
    it('refuses a codebook database that is not at the latest migration, saying what to do', async () => {
      const db = join(tempDir(), 'old.db');
      copyFileSync(dbPath, db);
      const sqlite = new Database(db);
      sqlite.prepare(`DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)`).run();
      sqlite.close();
      await expect(open(db)).rejects.toThrow(MigrationError);
      await expect(open(db)).rejects.toThrow(
        `${db} is at migration 7 of 8: run \`codebook migrate --db ${db}\` to upgrade it, or \`codebook provision\` to rebuild it`,
      );
    });

    it('says an empty database is to be provisioned', async () => {
      const db = join(tempDir(), 'empty.db');
      new Database(db).close();
      await expect(open(db)).rejects.toThrow(ForeignDatabaseError);
      await expect(open(db)).rejects.toThrow(`${db} is an empty database: build it with \`codebook provision --db ${db}\``);
    });

    it("refuses another application's database without suggesting to migrate it", async () => {
      const dir = tempDir();
      const tagged = join(dir, 'tagged.db');
      const other = new Database(tagged);
      other.pragma('application_id = 1234');
      other.exec('CREATE TABLE notes (body TEXT)');
      other.close();
      await expect(open(tagged)).rejects.toThrow(
        `${tagged} is not a codebook database: another application's SQLite database (application_id 0x000004d2; codebook's is 0x6364626b)`,
      );
      const untagged = join(dir, 'untagged.db');
      new Database(untagged).exec('CREATE TABLE notes (body TEXT)');
      await expect(open(untagged)).rejects.toThrow(
        `${untagged} is not a codebook database: an SQLite database with tables, but without codebook's application_id or migrations`,
      );
    });

    it('reads a database codebook built before databases carried its application_id', async () => {
      const db = join(tempDir(), 'legacy.db');
      copyFileSync(dbPath, db);
      new Database(db).pragma('application_id = 0');
      const legacy = await open(db);
      expect((await legacy.getCode('20956'))?.code).toBe('20956');
      legacy.close();
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
      [
        'relatedTo',
        ['20956', { direction: 'up' }],
        "relatedTo: options.direction must be one of 'out', 'in', 'both', got the string \"up\"",
      ],
      ['relatedTo', ['20956', null], 'relatedTo: options must be an object with direction, got null'],
      ['codesUsingModifier', [62], 'codesUsingModifier: modifier must be a string, got the number 62'],
      ['codesWithDiagnosis', [undefined], 'codesWithDiagnosis: icd10 must be a string, got undefined'],
      ['codesForTaxonomy', [{}], 'codesForTaxonomy: nucc must be a string, got an object'],
      ['codesForPayer', [['Aetna']], 'codesForPayer: name must be a string, got an array'],
      ['search', [null], 'search: text must be a string, got null'],
      ['search', ['graft', { limit: 'x' }], 'search: options.limit must be a whole number ≥ 0, got the string "x"'],
      ['search', ['graft', { limit: 1.5 }], 'search: options.limit must be a whole number ≥ 0, got the number 1.5'],
      ['unknownValues', [{ code: 20956 }], 'unknownValues: filter.code must be a string, got the number 20956'],
      ['changeLog', [{ code: 20955 }], 'changeLog: filter.code must be a string, got the number 20955'],
      ['changeLog', [{ run: 1 }], 'changeLog: filter has no option run (known: code)'],
      ['findCodes', [{ system: 'ICD' }], "findCodes: filter.system must be one of 'CPT', 'HCPCS', got the string \"ICD\""],
      ['findCodes', [{ text: 5 }], 'findCodes: filter.text must be a string, got the number 5'],
      ['sourceLines', [undefined], 'sourceLines: code must be a string, got undefined'],
      ['nearbyCodes', ['20956', -1], 'nearbyCodes: count must be a whole number ≥ 0, got the number -1'],
      ['tablePage', ['payers', { where: { name: 1 } }], 'tablePage: request.where.name must be a string, got the number 1'],
    ] as const)('%s(%j) is a TypeError naming the argument', async (method, args, message) => {
      await expect((async () => loose()[method]!(...args))()).rejects.toThrow(new TypeError(message));
    });
  });
});

describe('openLibsqlCodebook', () => {
  it('refuses a file that is not there, leaving none behind (the client would make an empty one)', async () => {
    const missing = join(tempDir(), 'missing.db');
    await expect(openLibsqlCodebook(missing)).rejects.toThrow(`no database at ${missing}`);
    await expect(openLibsqlCodebook({ url: `file:${missing}` })).rejects.toThrow(`no database at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('checks its argument', async () => {
    await expect(openLibsqlCodebook(42 as unknown as string)).rejects.toThrow(
      new TypeError('openLibsqlCodebook: target must be a path, a URL, or a @libsql/client configuration with a url'),
    );
  });
});

describe('openCodebook', () => {
  it('openCodebook checks its own', () => {
    expect(() => openCodebook(undefined as unknown as string)).toThrow(new TypeError('openCodebook: path must be a string, got undefined'));
    expect(() => openCodebook(dbPath, { immutable: 'yes' } as never)).toThrow(
      new TypeError('openCodebook: options.immutable must be true or false, got the string "yes"'),
    );
    expect(() => openCodebook(dbPath, { immutable: true, readonly: false })).toThrow(TypeError);
  });

  it('marks what it builds with application_id 0x6364626b ("cdbk"), in rollback-journal mode', async () => {
    const header = readFileSync(dbPath).subarray(0, 100);
    expect(header.readUInt32BE(68)).toBe(0x6364626b);
    expect([header[18], header[19]]).toEqual([1, 1]);
  });
});
