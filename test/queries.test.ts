/** The README's analysis queries, run against the provisioned seed database. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryAll, ROOT, seedDatabase } from './helpers.js';

const QUERIES = join(ROOT, 'queries');
const run = (file: string, params: Record<string, string> = {}) => queryAll(db, readFileSync(join(QUERIES, file), 'utf8'), params);
let db: string;

beforeAll(async () => {
  db = await seedDatabase();
});

describe('queries/', () => {
  it('holds exactly the queries the README shows', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const files = readdirSync(QUERIES).sort();
    expect(files).toEqual([
      'modifiers-by-procedure.sql',
      'payer-coverage.sql',
      'procedures-lacking-diagnoses.sql',
      'related-to-code.sql',
      'unknown-values-by-reason.sql',
    ]);
    for (const file of files) expect(readme).toContain(`(queries/${file})`);
  });

  it('procedures-lacking-diagnoses: 20956, whose diagnoses are unknown rather than none', async () => {
    expect(await run('procedures-lacking-diagnoses.sql')).toEqual({
      columns: ['code', 'title', 'diagnoses'],
      rows: [['20956', 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis', 'unknown']],
    });
  });

  it('modifiers-by-procedure: the nine modifiers in document order, three without guidance', async () => {
    expect((await run('modifiers-by-procedure.sql')).rows).toEqual([['20956', '62, 66, 50, 52, 53, 76, 78, 79, 58', 9n, 3n]]);
  });

  it('related-to-code: the four codes 20956 lists, and 20956 seen from 20955', async () => {
    expect((await run('related-to-code.sql', { code: '20956' })).rows.map((r) => [r[0], r[1]])).toEqual([
      ['15738', 'out'],
      ['27299', 'out'],
      ['20955', 'out'],
      ['69990', 'out'],
    ]);
    expect((await run('related-to-code.sql', { code: '20955' })).rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['20956', 'in', 'Alternative when a nonvascularized iliac crest graft is used instead of a vascularized graft.'],
    ]);
  });

  it('unknown-values-by-reason: what the seed leaves unknown', async () => {
    expect((await run('unknown-values-by-reason.sql')).rows).toEqual([
      ['modifiers', 'description', 'sentinel', 3n, 1n, 0n],
      ['modifiers', 'whenToUse', 'sentinel', 3n, 1n, 0n],
      ['record', 'diagnoses', 'sentinel', 1n, 1n, 0n],
      ['record', 'taxonomies', 'sentinel', 1n, 1n, 0n],
    ]);
  });

  it('payer-coverage: the five payers of the prose sentence, none unknown', async () => {
    expect((await run('payer-coverage.sql')).rows).toEqual([
      ['Aetna', 1n],
      ['Blue Cross Blue Shield', 1n],
      ['Cigna Health', 1n],
      ['Medicare', 1n],
      ['UnitedHealthcare', 1n],
      ['(unknown)', 0n],
    ]);
  });
});
