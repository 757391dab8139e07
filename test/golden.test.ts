/** The one real document, provisioned and read back: every fact checked against the source. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import type { CodeRecord } from '../src/access/record.js';
import { displayPath } from '../src/pipeline/read.js';
import { ROOT, seedDatabase } from './helpers.js';

const UNAVAILABLE_MODIFIER = { description: null, whenToUse: null, unknown: ['description', 'whenToUse'] };

describe('the seed document, provisioned', () => {
  let record: CodeRecord | undefined;
  let db: string;

  beforeAll(async () => {
    db = await seedDatabase();
    const codebook = openCodebook(db);
    record = codebook.getCode('20956');
    codebook.close();
  });

  it('has modifiers 62, 66, 50, 52, 53, 76, 78, 79, 58 in document order, one 62', async () => {
    expect(record?.modifiers.map((m) => m.code)).toEqual(['62', '66', '50', '52', '53', '76', '78', '79', '58']);
    expect(record?.modifiers[0]).toEqual({
      code: '62',
      description: 'Two surgeons',
      whenToUse:
        'When two surgeons of different specialties work together and each performs distinct portions ' +
        'of the procedure (e.g., orthopedic surgeon and microvascular surgeon).',
      unknown: [],
    });
  });

  it('has 76, 79 and 58 with description and when-to-use unknown, not blank', async () => {
    for (const code of ['76', '79', '58']) {
      expect(record?.modifiers.find((m) => m.code === code)).toEqual({ code, ...UNAVAILABLE_MODIFIER });
    }
  });

  it('has taxonomies and diagnoses unknown: empty lists named in unknown', async () => {
    expect(record?.taxonomies).toEqual([]);
    expect(record?.diagnoses).toEqual([]);
    expect(record?.unknown).toEqual(['diagnoses', 'taxonomies']);
  });

  it('has related codes 15738, 27299, 20955, 69990 and not itself', async () => {
    expect(record?.relatedCodes).toEqual([
      {
        code: '15738',
        descriptor: 'Muscle, myocutaneous, or fasciocutaneous free flap with microvascular anastomosis',
        relationship: 'Performed when additional soft-tissue coverage is required over the bone graft site.',
        unknown: [],
      },
      {
        code: '27299',
        descriptor: 'Unlisted procedure, pelvis or hip joint',
        relationship: 'Used for ancillary or nonstandard pelvic procedures related to complex reconstruction when no specific code exists.',
        unknown: [],
      },
      {
        code: '20955',
        descriptor: 'Bone graft, any donor site, morcelized or structural, without microvascular anastomosis',
        relationship: 'Alternative when a nonvascularized iliac crest graft is used instead of a vascularized graft.',
        unknown: [],
      },
      {
        code: '69990',
        descriptor: 'Microsurgical techniques, requiring use of an operating microscope (list separately in addition to primary procedure)',
        relationship: 'Billed adjunctively when microsurgical microscope services are separately reportable.',
        unknown: [],
      },
    ]);
  });

  it('takes the descriptor of 20956 from its own row, and the title from the title line', async () => {
    expect(record).toMatchObject({
      code: '20956',
      codeSystem: 'CPT',
      title: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
      descriptor: 'Vascularized bone graft; includes harvest and microvascular anastomosis',
      serviceType: 'Surgical — microvascular reconstructive bone grafting',
    });
  });

  it('has the payers of the prose sentence and both sites of service', async () => {
    expect(record?.payers).toEqual(['Aetna', 'Blue Cross Blue Shield', 'Cigna Health', 'UnitedHealthcare', 'Medicare']);
    expect(record?.sitesOfService).toEqual(['Hospital operating room', 'ambulatory surgery center']);
  });

  it('traces to the seed file by path and sha256', async () => {
    expect(record?.sources).toEqual([
      { path: displayPath(join(ROOT, 'seeds/cpt-20956.txt')), sha256: 'e1db8bc19a06cd08f933d9042e9f02c420f44e7fe8eefb33dfe334cab71bddee' },
    ]);
  });

  it('records the dropped duplicate 62 as a diagnostic naming both lines', async () => {
    const sqlite = new Database(db, { readonly: true });
    const rows = sqlite.prepare('SELECT line, severity, rule, message FROM document_diagnostics').all();
    sqlite.close();
    expect(rows).toEqual([
      {
        line: 21,
        severity: 'warning',
        rule: 'duplicate-row',
        message: expect.stringMatching(/^conflicting duplicate modifier 62 dropped; the first, line 16, is kept\. line 16: .*; line 21: /),
      },
    ]);
  });

  it('stores no sentinel text anywhere', async () => {
    const sqlite = new Database(db, { readonly: true });
    const tables = sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all() as string[];
    const hits = tables.flatMap((table) => {
      const columns = sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
      return columns.flatMap((column) =>
        sqlite
          .prepare(`SELECT '${table}.${column}' FROM "${table}" WHERE "${column}" LIKE '%Data not available in the input%'`)
          .pluck()
          .all(),
      );
    });
    sqlite.close();
    expect(hits).toEqual([]);
  });
});
