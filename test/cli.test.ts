import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { codebook, provisionedSeeds, ROOT, SEED_TEXT, seedWith, tempDir, writeFiles } from './helpers.js';

describe('codebook provision', () => {
  it('builds data/reference.db from seeds/ and prints a summary', async () => {
    const cwd = tempDir();
    cpSync(join(ROOT, 'seeds'), join(cwd, 'seeds'), { recursive: true });
    const run = await codebook(['provision'], { cwd });
    expect(run).toMatchObject({
      status: 0,
      stdout:
        'provisioned data/reference.db from seeds: 1 document, 5 codes, 9 modifiers, 4 relationships, 8 unknown values, 1 diagnostic\n',
    });
    expect(run.stderr).toMatch(/^seeds\/cpt-20956\.txt:21: warning: conflicting duplicate modifier 62 dropped/);
    expect(existsSync(join(cwd, 'data/reference.db'))).toBe(true);
  });

  it('fails with path:line errors and exit 1 on bad input, writing nothing', async () => {
    const cwd = tempDir();
    writeFiles(join(cwd, 'seeds'), { 'cpt-20956.txt': seedWith((t) => t.replace('CPT 20956:', 'CPT 2095:')) });
    const run = await codebook(['provision'], { cwd });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'seeds/cpt-20956.txt:2: error: "2095" is not a valid CPT or HCPCS code\ncodebook: error: 1 ' +
        'error in 1 document; data/reference.db was not changed\n',
    );
    expect(existsSync(join(cwd, 'data/reference.db'))).toBe(false);
  });
});

describe('codebook check', () => {
  it('prints what provision would say, exit 0 without errors', async () => {
    const run = await codebook(['check', 'seeds']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^seeds\/cpt-20956\.txt:21: warning: conflicting duplicate modifier 62/);
    expect(run.stderr).toBe('1 document checked: 0 errors, 1 warning\n');
  });

  it('exits 1 on errors, and in strict mode on warnings', async () => {
    const dir = writeFiles(tempDir(), { 'bad.txt': '' });
    expect(await codebook(['check', dir])).toMatchObject({ status: 1, stdout: `${dir}/bad.txt:1: error: the document is empty\n` });
    expect((await codebook(['check', '--strict', 'seeds'])).status).toBe(1);
  });
});

describe('codebook show', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await provisionedSeeds();
  });

  it('prints the record as JSON with exactly the documented fields', async () => {
    const run = await codebook(['show', '20956', '--json'], { cwd });
    expect(run.status).toBe(0);
    const record = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual([
      'code',
      'codeSystem',
      'title',
      'descriptor',
      'serviceType',
      'sitesOfService',
      'modifiers',
      'relatedCodes',
      'diagnoses',
      'taxonomies',
      'payers',
      'unknown',
      'sources',
    ]);
    expect(record).toMatchObject({ code: '20956', codeSystem: 'CPT', unknown: ['diagnoses', 'taxonomies'], taxonomies: [], diagnoses: [] });
    expect((record.modifiers as object[])[5]).toEqual({
      code: '76',
      description: null,
      whenToUse: null,
      unknown: ['description', 'whenToUse'],
    });
    expect(record.sources).toEqual([
      { path: 'seeds/cpt-20956.txt', sha256: 'e1db8bc19a06cd08f933d9042e9f02c420f44e7fe8eefb33dfe334cab71bddee' },
    ]);
  });

  it('prints a readable view that says unknown, not none', async () => {
    const run = await codebook(['show', '20956'], { cwd });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('CPT 20956: Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis\n');
    expect(run.stdout).toContain('  76  (unknown) — (unknown)\n');
    expect(run.stdout).toContain('Diagnoses (ICD-10-CM): unknown\n');
    expect(run.stdout).toContain('Unknown: diagnoses, taxonomies\n');
  });

  it('says clearly when no document describes a code, exit 1', async () => {
    expect(await codebook(['show', '15738'], { cwd })).toMatchObject({
      status: 1,
      stderr: 'codebook: error: no document describes code 15738 in data/reference.db; it is listed as related by 20956\n',
    });
    expect(await codebook(['show', '99999'], { cwd })).toMatchObject({
      status: 1,
      stderr: 'codebook: error: no document describes code 99999 in data/reference.db\n',
    });
  });

  it('says how to make the database when there is none', async () => {
    expect(await codebook(['show', '20956'], { cwd: tempDir() })).toMatchObject({
      status: 1,
      stderr: 'codebook: error: no database at data/reference.db: run `codebook provision` first, or pass --db FILE\n',
    });
  });
});

describe('codebook query', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await provisionedSeeds();
  });

  it('prints an aligned table, NULL for unknown', async () => {
    const run = await codebook(['query', 'SELECT code, modifier_count, diagnosis_count FROM procedure_overview'], { cwd });
    expect(run).toMatchObject({
      status: 0,
      stdout: 'code   modifier_count  diagnosis_count\n-----  --------------  ---------------\n20956  9               NULL\n',
    });
  });

  it('prints CSV, TSV, JSON and NDJSON', async () => {
    const sql = `SELECT modifier_code, description FROM modifier_usage WHERE modifier_code IN ('62', '76') ORDER BY position`;
    expect((await codebook(['query', sql, '--format', 'csv'], { cwd })).stdout).toBe('modifier_code,description\n62,Two surgeons\n76,\n');
    expect((await codebook(['query', sql, '--format', 'tsv'], { cwd })).stdout).toBe(
      'modifier_code\tdescription\n62\tTwo surgeons\n76\t\n',
    );
    expect(JSON.parse((await codebook(['query', sql, '--format', 'json'], { cwd })).stdout)).toEqual([
      { modifier_code: '62', description: 'Two surgeons' },
      { modifier_code: '76', description: null },
    ]);
    expect((await codebook(['query', sql, '-f', 'ndjson'], { cwd })).stdout).toBe(
      '{"modifier_code":"62","description":"Two surgeons"}\n{"modifier_code":"76","description":null}\n',
    );
  });

  it('binds named parameters given as -p name value', async () => {
    const run = await codebook(
      [
        'query',
        'SELECT code FROM related_codes WHERE related_code = :code AND direction = :dir',
        '-p',
        'code',
        '20956',
        '-p',
        'dir',
        'in',
        '-f',
        'csv',
      ],
      { cwd },
    );
    expect(run.stdout).toBe('code\n15738\n27299\n20955\n69990\n');
  });

  it('reads the SQL from a file or from standard input', async () => {
    const file = join(writeFiles(tempDir(), { 'q.sql': 'SELECT count(*) AS n FROM codes' }), 'q.sql');
    expect((await codebook(['query', file, '-f', 'csv'], { cwd })).stdout).toBe('n\n5\n');
    expect((await codebook(['query', '-', '-f', 'csv'], { cwd, input: 'SELECT count(*) AS n FROM payers' })).stdout).toBe('n\n5\n');
  });

  it.each([
    ['DELETE FROM codes', 'DELETE would change the database'],
    ["UPDATE procedures SET title = 'x'", 'UPDATE would change the database'],
    ['DROP VIEW procedure_overview', 'DROP would change the database'],
    ["ATTACH 'other.db' AS other", 'ATTACH changes the connection'],
    ['PRAGMA foreign_keys = OFF', 'PRAGMA foreign_keys with a value changes the connection or the database'],
    ['PRAGMA user_version(7)', 'PRAGMA user_version with a value changes the connection or the database'],
  ])('refuses %s and changes nothing', async (sql, reason) => {
    const before = readFileSync(join(cwd, 'data/reference.db'));
    expect(await codebook(['query', sql], { cwd })).toMatchObject({
      status: 1,
      stderr: `codebook: error: query is read-only: ${reason}; nothing was run\n`,
    });
    expect(readFileSync(join(cwd, 'data/reference.db')).equals(before)).toBe(true);
  });

  it('allows reading pragmas', async () => {
    expect((await codebook(['query', 'PRAGMA table_info(payers)', '-f', 'csv'], { cwd })).stdout).toBe(
      'cid,name,type,notnull,dflt_value,pk\n0,name,TEXT,1,,1\n',
    );
  });

  it('reports SQL errors clearly', async () => {
    expect(await codebook(['query', 'SELECT nope FROM codes'], { cwd })).toMatchObject({
      status: 1,
      stderr: 'codebook: error: no such column: nope\n',
    });
  });
});

describe('the seed', () => {
  it('is the shared document, byte for byte, with no trailing newline', async () => {
    expect(SEED_TEXT.endsWith('reportable. |')).toBe(true);
    expect(readFileSync(join(ROOT, 'seeds/cpt-20956.txt')).length).toBe(5945);
  });
});
