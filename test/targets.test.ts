/**
 * A database path is never clobbered: provision replaces only nothing, an empty file or a
 * codebook database (anything else with --force, and never a link, directory or device); migrate
 * and ingest change only a codebook database (migrate an empty one too).
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import { provision } from '../src/pipeline/provision.js';
import { codebook, ROOT, SEED_TEXT, tempDir, writeFiles } from './helpers.js';

let seeds: string;
beforeAll(async () => {
  seeds = writeFiles(tempDir(), { 'cpt-20956.txt': SEED_TEXT });
});

/** Another application's SQLite database, with its own application_id (or none). */
function otherApplication(path: string, applicationId = 0x4a4f4231): void {
  const sqlite = new Database(path);
  sqlite.pragma(`application_id = ${applicationId}`);
  sqlite.exec(`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')`);
  sqlite.close();
}

const refusals: [string, (path: string) => void, string][] = [
  ['a text file', (path) => writeFileSync(path, 'my notes\n'), 'it is not an SQLite database'],
  [
    "another application's database",
    (path) => otherApplication(path),
    "it is another application's SQLite database (application_id 0x4a4f4231; codebook's is 0x6364626b)",
  ],
  [
    'an SQLite database without an application id',
    (path) => otherApplication(path, 0),
    "it is an SQLite database with tables, but without codebook's application_id or migrations",
  ],
];

describe('provision --db X', () => {
  it.each(refusals)('refuses %s, changing nothing, and replaces it with --force', async (_, make, reason) => {
    const dir = tempDir();
    const db = join(dir, 'target');
    make(db);
    const before = readFileSync(db);
    expect(await codebook(['provision', '--seeds', seeds, '--db', db])).toMatchObject({
      status: 1,
      stderr: `codebook: error: ${db} is not a codebook database: ${reason}; it was not changed (pass --force to replace it)\n`,
    });
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['target']);
    expect((await codebook(['provision', '--seeds', seeds, '--db', db, '--force'])).status).toBe(0);
    const replaced = openCodebook(db);
    expect(replaced.listCodes().map((c) => c.code)).toEqual(['20956']);
    replaced.close();
  });

  it('refuses a symbolic link even with --force, naming where it points; the link and its target stay', async () => {
    const dir = tempDir();
    const real = join(dir, 'real.db');
    await provision(seeds, real);
    const before = readFileSync(real);
    const link = join(dir, 'link.db');
    symlinkSync(real, link);
    for (const force of [[], ['--force']]) {
      expect(await codebook(['provision', '--seeds', seeds, '--db', link, ...force])).toMatchObject({
        status: 1,
        stderr:
          `codebook: error: ${link} is a symbolic link (to ${real}): name the file itself; codebook writes ` +
          `database files only, so it was not changed\n`,
      });
    }
    expect(lstatSync(link).isSymbolicLink() && readlinkSync(link) === real).toBe(true);
    expect(readFileSync(real).equals(before)).toBe(true);
  });

  it('refuses a directory even with --force', async () => {
    const dir = join(tempDir(), 'a-directory');
    mkdirSync(dir);
    expect(await codebook(['provision', '--seeds', seeds, '--db', dir, '--force'])).toMatchObject({
      status: 1,
      stderr: `codebook: error: ${dir} is a directory; codebook writes database files only, so it was not changed\n`,
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a device even with --force, and leaves nothing beside it (/dev/null stays a device)', async () => {
    const before = readdirSync('/dev').sort();
    expect(await codebook(['provision', '--seeds', seeds, '--db', '/dev/null', '--force'])).toMatchObject({
      status: 1,
      stderr:
        'codebook: error: /dev/null is not a regular file (a device, socket or pipe); codebook writes ' +
        'database files only, so it was not changed\n',
    });
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync('/dev').sort()).toEqual(before);
  });

  it('refuses a named pipe', async () => {
    const fifo = join(tempDir(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect((await codebook(['provision', '--seeds', seeds, '--db', fifo])).stderr).toBe(
      `codebook: error: ${fifo} is not a regular file (a device, socket or pipe); codebook writes ` +
        `database files only, so it was not changed\n`,
    );
  });

  it('replaces an empty file, a codebook database, and one an earlier codebook built (no application id, WAL mode)', async () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    expect((await codebook(['provision', '--seeds', seeds, '--db', empty])).status).toBe(0);
    expect((await codebook(['provision', '--seeds', seeds, '--db', empty])).status).toBe(0);
    const legacy = join(dir, 'legacy.db');
    await provision(seeds, legacy);
    const sqlite = new Database(legacy);
    sqlite.pragma('application_id = 0');
    sqlite.pragma('journal_mode = WAL');
    sqlite.close();
    expect((await codebook(['provision', '--seeds', seeds, '--db', legacy])).status).toBe(0);
    expect(readFileSync(legacy).readUInt32BE(68)).toBe(0x6364626b);
  });
});

describe('migrate --db X', () => {
  it.each(refusals)('refuses %s, changing nothing (no --force)', async (_, make, reason) => {
    const dir = tempDir();
    const db = join(dir, 'target');
    make(db);
    const before = readFileSync(db);
    expect(await codebook(['migrate', '--db', db])).toMatchObject({
      status: 1,
      stderr: `codebook: error: ${db} is not a codebook database: ${reason}; it was not changed\n`,
    });
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['target']);
  });

  it("installs the schema into an empty database and marks it as codebook's", async () => {
    const db = join(tempDir(), 'empty.db');
    new Database(db).close();
    expect(await codebook(['migrate', '--db', db])).toMatchObject({ status: 0, stdout: `${db}: applied 8 migration(s)\n` });
    expect(readFileSync(db).readUInt32BE(68)).toBe(0x6364626b);
    expect(await codebook(['migrate', '--db', db])).toMatchObject({ status: 0, stdout: `${db} is up to date\n` });
  });

  it('refuses a path with nothing there', async () => {
    const db = join(tempDir(), 'none.db');
    expect(await codebook(['migrate', '--db', db])).toMatchObject({
      status: 1,
      stderr: `codebook: error: no database at ${db}: run \`codebook provision\` first, or pass --db FILE\n`,
    });
  });
});

describe('ingest --db X', () => {
  it.each(refusals)('refuses %s, changing nothing', async (_, make, reason) => {
    const dir = tempDir();
    const db = join(dir, 'target');
    make(db);
    const before = readFileSync(db);
    expect(await codebook(['ingest', join(ROOT, 'seeds'), '--db', db])).toMatchObject({
      status: 1,
      stderr: `codebook: error: ${db} is not a codebook database: ${reason}; it was not changed\n`,
    });
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('the read commands', () => {
  it("say another application's database is not codebook's, and do not suggest migrating it", async () => {
    const db = join(tempDir(), 'other.db');
    otherApplication(db);
    expect(await codebook(['show', '20956', '--db', db])).toMatchObject({
      status: 1,
      stderr:
        `codebook: error: ${db} is not a codebook database: another application's SQLite database (application_id ` +
        `0x4a4f4231; codebook's is 0x6364626b)\n`,
    });
  });
});
