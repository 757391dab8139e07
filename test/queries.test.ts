/** The README's analysis queries, run against the provisioned seed database. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runReadOnlyQuery } from '../src/access/query.js';
import { provision } from '../src/pipeline/provision.js';
import { ROOT, tempDir } from './helpers.js';

const QUERIES = join(ROOT, 'queries');
const run = (file: string, params: Record<string, string> = {}) =>
  runReadOnlyQuery(db, readFileSync(join(QUERIES, file), 'utf8'), params);
let db: string;

beforeAll(async () => {
  db = join(tempDir(), 'reference.db');
  await provision(join(ROOT, 'seeds'), db);
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
      'unknown-fields-by-reason.sql',
    ]);
    for (const file of files) expect(readme).toContain(`(queries/${file})`);
  });

  it('procedures-lacking-diagnoses: 20956, whose diagnoses are unknown rather than none', async () => {
    expect(run('procedures-lacking-diagnoses.sql')).toEqual({
      columns: ['code', 'title', 'diagnoses'],
      rows: [['20956', 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis', 'unknown']],
    });
  });

  it('modifiers-by-procedure: the nine modifiers in document order, three without guidance', async () => {
    expect(run('modifiers-by-procedure.sql').rows).toEqual([['20956', '62, 66, 50, 52, 53, 76, 78, 79, 58', 9, 3]]);
  });

  it('related-to-code: the four codes 20956 lists, and 20956 seen from 20955', async () => {
    expect(run('related-to-code.sql', { code: '20956' }).rows.map((r) => [r[0], r[1]])).toEqual([
      ['15738', 'out'],
      ['27299', 'out'],
      ['20955', 'out'],
      ['69990', 'out'],
    ]);
    expect(run('related-to-code.sql', { code: '20955' }).rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['20956', 'in', 'Alternative when a nonvascularized iliac crest graft is used instead of a vascularized graft.'],
    ]);
  });

  it('unknown-fields-by-reason: what the seed leaves unknown', async () => {
    expect(run('unknown-fields-by-reason.sql').rows).toEqual([
      ['modifiers', 'description', 'marked unavailable', 3, 1, 0],
      ['modifiers', 'whenToUse', 'marked unavailable', 3, 1, 0],
      ['record', 'diagnoses', 'marked unavailable', 1, 1, 0],
      ['record', 'taxonomies', 'marked unavailable', 1, 1, 0],
    ]);
  });

  it('payer-coverage: the five payers of the prose sentence, none unknown', async () => {
    expect(run('payer-coverage.sql').rows).toEqual([
      ['Aetna', 1],
      ['Blue Cross Blue Shield', 1],
      ['Cigna Health', 1],
      ['Medicare', 1],
      ['UnitedHealthcare', 1],
      ['(unknown)', 0],
    ]);
  });
});
