/**
 * The command line's manners: a closed pipe, the database from the environment, a missing file or
 * parameter named as such, bounded input, files that are not documents, links and case variants
 * under the seeds folder, and search's modes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import { SearchQueryError } from '../src/access/search.js';
import { MAX_SQL_BYTES } from '../src/cli/commands/query.js';
import { readLimited } from '../src/cli/io.js';
import { CLI_COMMAND, codebook, SEED_TEXT, seedDatabase, tempDir, writeFiles } from './helpers.js';

let db: string;
beforeAll(async () => {
  db = await seedDatabase();
});

/** A FIFO at `path` (mkfifo(1)). */
function fifo(path: string): string {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  return path;
}

describe('a closed pipe (codebook query … | head)', () => {
  it('ends the command quietly: exit 0, nothing on stderr', async () => {
    const sql = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) SELECT i FROM n';
    const child = spawn(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), 'query', '--db', db, sql], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('CODEBOOK_DB', () => {
  it('is the database when --db is not given; --db still wins', async () => {
    const cwd = tempDir();
    expect(await codebook(['show', '20956'], { cwd })).toMatchObject({
      status: 1,
      stderr: 'codebook: error: no database at data/reference.db: run `codebook provision` first, or pass --db FILE\n',
    });
    process.env.CODEBOOK_DB = db;
    try {
      expect(await codebook(['show', '20956'], { cwd })).toMatchObject({ status: 0, stderr: '' });
      expect(await codebook(['show', '20956', '--db', 'elsewhere.db'], { cwd })).toMatchObject({
        status: 1,
        stderr: 'codebook: error: no database at elsewhere.db: run `codebook provision` first, or pass --db FILE\n',
      });
    } finally {
      delete process.env.CODEBOOK_DB;
    }
  });
});

describe('codebook query', () => {
  it('reports a .sql file that is not there as a missing file', async () => {
    expect(await codebook(['query', '--db', db, 'queries/nope.sql'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'codebook: error: no such file: queries/nope.sql\n',
    });
  });

  it('still reads SQL that merely ends in .sql as SQL', async () => {
    const run = await codebook(['query', '--db', db, '-f', 'csv', "SELECT 'x.sql'"]);
    expect(run).toEqual({ status: 0, stdout: "'x.sql'\nx.sql\n", stderr: '' });
  });

  it('names the parameters the SQL uses that no -p gives, running nothing', async () => {
    const sql = "SELECT :code, @payer, $site, ':notOne' FROM procedures /* :nor @this */ WHERE code = :code";
    expect(await codebook(['query', '--db', db, '-p', 'payer', 'Aetna', sql])).toEqual({
      status: 1,
      stdout: '',
      stderr: "codebook: error: no value for the SQL's parameters :code, :site: give them with -p code VALUE -p site VALUE\n",
    });
    expect(
      (await codebook(['query', '--db', db, sql, '-p', 'code', '20956', '-p', 'payer', 'A', '-p', 'site', 'B', '-f', 'csv'])).stdout,
    ).toBe(":code,@payer,$site,':notOne'\n20956,A,B,:notOne\n");
  });

  it('refuses a .sql file over the limit, having read no more than the limit', async () => {
    const file = join(tempDir(), 'big.sql');
    writeFileSync(file, `SELECT 1 ${' '.repeat(MAX_SQL_BYTES)}`);
    expect(await codebook(['query', '--db', db, file])).toMatchObject({
      status: 1,
      stderr: `codebook: error: ${file} is over the limit of 4,194,304 bytes of SQL\n`,
    });
  });

  it('refuses endless standard input (/dev/zero) at the limit', () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      expect(() => readLimited(zero, 1024, 'standard input')).toThrow('standard input is over the limit of 1,024 bytes of SQL');
    } finally {
      closeSync(zero);
    }
    const run = spawnSync(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), 'query', '--db', db, '-'], {
      stdio: [openSync('/dev/zero', 'r'), 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(run).toMatchObject({ status: 1, stderr: 'codebook: error: standard input is over the limit of 4,194,304 bytes of SQL\n' });
  });
});

describe('codebook show', () => {
  it('ends the human record with one newline', async () => {
    const { stdout } = await codebook(['show', '--db', db, '20956']);
    expect(stdout.endsWith('.txt (sha256 e1db8bc19a06cd08f933d9042e9f02c420f44e7fe8eefb33dfe334cab71bddee)\n')).toBe(true);
  });
});

describe('paths that are not documents', () => {
  it('a FIFO named as a document is refused, not read (which would wait for a writer for ever)', async () => {
    const cwd = tempDir();
    fifo(join(cwd, 'cpt-20956.txt'));
    expect(await codebook(['check', 'cpt-20956.txt'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'cpt-20956.txt: error: a FIFO, not a file: a document is read from a regular file\n' +
        'codebook: error: 1 path cannot be read as documents; nothing was changed\n',
    });
  });

  it('a FIFO in the seeds folder stops the provision, naming it, and writes nothing', async () => {
    const cwd = tempDir();
    writeFiles(join(cwd, 'seeds'), { 'cpt-20956.txt': SEED_TEXT });
    fifo(join(cwd, 'seeds', 'more.txt'));
    const run = await codebook(['provision'], { cwd });
    expect(run).toMatchObject({ status: 1, stdout: '' });
    expect(run.stderr).toBe(
      'seeds/more.txt: error: a FIFO, not a file: a document is read from a regular file\n' +
        'codebook: error: 1 path cannot be read as documents; nothing was changed\n',
    );
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('openCodebook on a missing file, even to write, leaves no empty file behind', () => {
    const missing = join(tempDir(), 'missing.db');
    expect(() => openCodebook(missing, { readonly: false })).toThrow(/unable to open database file/);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('the seeds folder', () => {
  it('follows symbolic links, reads a file reached twice once, and searches a folder reached again only once', async () => {
    const cwd = tempDir();
    const other = writeFiles(join(cwd, 'elsewhere'), {
      'hcpcs-g0001.txt': SEED_TEXT.replace(/20956/g, 'G0001'),
    });
    writeFiles(join(cwd, 'seeds'), { 'cpt-20956.txt': SEED_TEXT });
    symlinkSync(other, join(cwd, 'seeds', 'linked-folder'));
    symlinkSync('cpt-20956.txt', join(cwd, 'seeds', 'same-document.txt'));
    symlinkSync('..', join(cwd, 'seeds', 'linked-folder-loop'), 'dir');
    mkdirSync(join(cwd, 'seeds', 'nested'));
    symlinkSync('../..', join(cwd, 'seeds', 'nested', 'up'));
    const run = await codebook(['check', 'seeds'], { cwd });
    expect(run.stderr).toBe('2 documents checked: 0 errors, 3 warnings\n');
    expect([...new Set(run.stdout.split('\n').map((line) => line.split(':')[0]))]).toEqual([
      'seeds/cpt-20956.txt',
      'seeds/linked-folder/hcpcs-g0001.txt',
      '',
    ]);
  });

  it('reports a link to nothing named as a document', async () => {
    const cwd = tempDir();
    writeFiles(join(cwd, 'seeds'), { 'cpt-20956.txt': SEED_TEXT });
    symlinkSync('gone.txt', join(cwd, 'seeds', 'dangling.txt'));
    expect(await codebook(['check', 'seeds'], { cwd })).toMatchObject({
      status: 1,
      stderr:
        'seeds/dangling.txt: error: a symbolic link to nothing (gone.txt)\n' +
        'codebook: error: 1 path cannot be read as documents; nothing was changed\n',
    });
  });

  it('reads documents named *.TXT or *.Txt', async () => {
    const cwd = tempDir();
    writeFiles(join(cwd, 'seeds'), { 'CPT-20956.TXT': SEED_TEXT, 'sub/hcpcs-g0001.Txt': SEED_TEXT.replace(/20956/g, 'G0001') });
    expect(await codebook(['provision'], { cwd })).toMatchObject({ status: 0 });
    const reader = openCodebook(join(cwd, 'data/reference.db'));
    expect(reader.listCodes().map((row) => [row.code, row.sourcePath])).toEqual([
      ['20956', 'seeds/CPT-20956.TXT'],
      ['G0001', 'seeds/sub/hcpcs-g0001.Txt'],
    ]);
    reader.close();
  });
});

describe('search modes', () => {
  const codes = async (args: readonly string[]) => {
    const run = await codebook(['search', '--db', db, '-f', 'json', ...args]);
    expect(run.stderr).toBe('');
    return (JSON.parse(run.stdout) as { code: string }[]).map((hit) => hit.code);
  };

  it('words (the default) reads nothing as syntax; raw reads FTS5 queries', async () => {
    expect(await codes(['graft*'])).toEqual(['20956']);
    expect(await codes(['graft OR colonoscopy'])).toEqual([]);
    expect(await codes(['--mode', 'raw', 'colonoscopy OR graft'])).toEqual(['20956']);
    expect(await codes(['--mode', 'raw', '"iliac crest" NOT colonoscopy'])).toEqual(['20956']);
    expect(await codes(['--mode', 'raw', 'graf*'])).toEqual(['20956']);
  });

  it('phrase matches the words next to each other, in order; prefix, the starts of words', async () => {
    expect(await codes(['--mode', 'phrase', 'iliac crest'])).toEqual(['20956']);
    expect(await codes(['--mode', 'phrase', 'crest iliac'])).toEqual([]);
    expect(await codes(['graf'])).toEqual([]);
    expect(await codes(['--mode', 'prefix', 'graf vascul'])).toEqual(['20956']);
  });

  it('an invalid raw query is an error that quotes it; an unknown mode is refused', async () => {
    expect(await codebook(['search', '--db', db, '--mode', 'raw', 'graft AND'])).toMatchObject({
      status: 1,
      stderr: 'codebook: error: search: "graft AND" is not a valid FTS5 query: fts5: syntax error near ""\n',
    });
    expect((await codebook(['search', '--db', db, '--mode', 'fuzzy', 'graft'])).status).toBe(1);
    const reader = openCodebook(db);
    expect(() => reader.search('graft AND', { mode: 'raw' })).toThrow(SearchQueryError);
    expect(() => reader.search('graft', { mode: 'fuzzy' as 'raw' })).toThrow(
      new TypeError(`search: options.mode must be one of 'words', 'phrase', 'prefix', 'raw', got the string "fuzzy"`),
    );
    reader.close();
  });
});
