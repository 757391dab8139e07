/**
 * A failure at each step of replacing a database, and what the path holds afterwards: the rename
 * refused (a bind-mounted file, EBUSY), the disk full while building or ingesting, a writer killed
 * mid-transaction, and the path replaced by another program while a command writes.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCodebook } from '../../src/access/codebook.js';
import { ReplaceError } from '../../src/db/files.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { provision } from '../../src/pipeline/provision.js';
import { CAN_MOUNT, CLI_COMMAND, inMountNamespace, makeDocument, ROOT, SEED_TEXT, tempDir, writeFiles } from '../helpers.js';

/** Paths whose rename is refused as the kernel refuses to rename over a mount point. */
const renameRefused = new Set<string>();
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  return {
    ...real,
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (renameRefused.has(String(to)))
        throw Object.assign(new Error(`EBUSY: resource busy or locked, rename '${String(from)}' -> '${String(to)}'`), { code: 'EBUSY' });
      return real.renameSync(from, to);
    },
  };
});
afterEach(() => renameRefused.clear());

const titles = (db: string): string[] => {
  const sqlite = new Database(db, { readonly: true });
  const rows = sqlite.prepare('SELECT title FROM procedures ORDER BY code').pluck().all() as string[];
  sqlite.close();
  return rows;
};

/**
 * A database as an earlier codebook left it, in WAL mode, with a transaction committed to its WAL
 * and not yet checkpointed into the file (the writer was killed right after committing).
 */
async function databaseWithCommittedWal(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = join(dir, 'reference.db');
  await provision(writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT }), db);
  const script = `const Database = require(${JSON.stringify(join(ROOT, 'node_modules/better-sqlite3'))});
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.pragma('wal_autocheckpoint = 0');
db.prepare("UPDATE procedures SET title = 'Committed to the WAL'").run();
process.kill(process.pid, 'SIGKILL');`;
  await new Promise((resolve) => spawn(process.execPath, ['-e', script, db]).on('exit', resolve));
  expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(0);
  // The file alone does not hold the transaction: losing the WAL would lose it.
  const bytes = fs.readFileSync(db);
  bytes[18] = bytes[19] = 1; // in memory, read without its WAL
  const fileAlone = new Database(bytes, { readonly: true });
  expect(fileAlone.prepare('SELECT title FROM procedures').pluck().get()).not.toBe('Committed to the WAL');
  fileAlone.close();
  return { dir, db };
}

describe('the rename refused', () => {
  it('fails the provision and keeps every committed row of the previous database, its WAL included', async () => {
    const { dir, db } = await databaseWithCommittedWal();
    renameRefused.add(db);
    const seeds = writeFiles(join(dir, 'new'), { 'cpt-20955.txt': makeDocument({ code: '20955' }) });
    await expect(provision(seeds, db)).rejects.toThrow(
      /^EBUSY: resource busy or locked, rename '.*reference\.db\.building-\d+' -> '.*reference\.db'$/,
    );
    expect(titles(db)).toEqual(['Committed to the WAL']);
    expect(fs.readdirSync(dir).sort()).toEqual(['new', 'reference.db', 'reference.db.lock', 'seeds']);
    // The previous database is whole and in use: an ingest applies to it.
    expect((await ingest([seeds], db)).counts.documents).toBe(2);
  });

  it.runIf(CAN_MOUNT)('is foreseen for a bind-mounted database file: refused before anything is built', () => {
    const dir = tempDir();
    const db = join(dir, 'reference.db');
    const mounted = join(dir, 'elsewhere.db');
    fs.writeFileSync(db, '');
    fs.writeFileSync(mounted, '');
    const run = inMountNamespace('mount --bind "$1" "$2" && shift 2 && exec "$@"', [
      mounted,
      db,
      ...CLI_COMMAND,
      'provision',
      '--seeds',
      join(ROOT, 'seeds'),
      '--db',
      db,
    ]);
    expect(run).toMatchObject({
      status: 1,
      stderr:
        `codebook: error: ${db} is a mount point (a file mounted on its own, as with docker -v file:file), ` +
        `which cannot be replaced by a rename; mount its directory instead (docker -v ./data:/app/data); ` +
        `${db} was not changed\n`,
    });
    expect(fs.readdirSync(dir).sort()).toEqual(['elsewhere.db', 'reference.db', 'reference.db.lock']);
  });
});

describe('an ingest into a database an earlier codebook left in WAL mode', () => {
  it('applies to it, keeping the rows in its WAL, and leaves it in rollback-journal mode', async () => {
    const { dir, db } = await databaseWithCommittedWal();
    const more = writeFiles(join(dir, 'more'), { 'cpt-20955.txt': makeDocument({ code: '20955', title: 'Another graft' }) });
    expect((await ingest([more], db)).counts.documents).toBe(2);
    expect(titles(db)).toEqual(['Another graft', 'Committed to the WAL']);
    expect(fs.readdirSync(dir).sort()).toEqual(['more', 'reference.db', 'reference.db.lock', 'seeds']);
    expect(fs.readFileSync(db)[18]).toBe(1);
  });
});

describe.runIf(CAN_MOUNT)('the disk full (a 2 MB tmpfs)', () => {
  /**
   * Runs the CLI with `args` on a copy of `previous` on a 2 MB tmpfs, in a namespace of its own;
   * returns how it ended, the database file afterwards, and what was left on that disk.
   */
  function onSmallDisk(previous: string, args: (db: string) => string[]) {
    const disk = join(tempDir(), 'disk');
    const db = join(disk, 'reference.db');
    const run = inMountNamespace(
      `set -e; disk="$1"; mkdir "$disk"; mount -t tmpfs -o size=2m tmpfs "$disk"; cp "$2" "$disk/reference.db"; shift 2
       set +e; "$@" > "$disk.out" 2> "$disk.err"; echo $? > "$disk.status"
       cp "$disk/reference.db" "$disk.after"; ls -A "$disk" > "$disk.files"`,
      [disk, previous, ...CLI_COMMAND, ...args(db)],
    );
    expect(run.status, run.stderr).toBe(0);
    const read = (suffix: string) => fs.readFileSync(`${disk}${suffix}`, 'utf8');
    return {
      status: Number(read('.status')),
      stderr: read('.err'),
      after: `${disk}.after`,
      left: read('.files').split('\n').filter(Boolean),
    };
  }

  async function previousAndLarge() {
    const dir = tempDir();
    const previous = join(dir, 'reference.db');
    await provision(writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT }), previous);
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`cpt-${30000 + i}.txt`] = makeDocument({ code: String(30000 + i) });
    return { previous, large: writeFiles(join(dir, 'large'), files) };
  }

  it('while provisioning: the provision fails, and the previous database is byte-identical, nothing left behind', async () => {
    const { previous, large } = await previousAndLarge();
    const result = onSmallDisk(previous, (db) => ['provision', '--seeds', large, '--db', db]);
    expect(result).toMatchObject({
      status: 1,
      stderr: 'codebook: error: database or disk is full\n',
      left: ['reference.db', 'reference.db.lock'],
    });
    expect(fs.readFileSync(result.after).equals(fs.readFileSync(previous))).toBe(true);
  });

  it('while ingesting: the ingest fails and rolls back, and the database holds what it held', async () => {
    const { previous, large } = await previousAndLarge();
    const result = onSmallDisk(previous, (db) => ['ingest', large, '--db', db]);
    expect(result).toMatchObject({
      status: 1,
      stderr: 'codebook: error: database or disk is full\n',
      left: ['reference.db', 'reference.db.lock'],
    });
    expect(titles(result.after)).toEqual(titles(previous));
    const sqlite = new Database(result.after, { readonly: true });
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    sqlite.close();
  });
});

describe('a writer killed mid-transaction', () => {
  it('leaves the database as it was, readable at once (the journal it leaves is rolled back by the next reader)', async () => {
    const dir = tempDir();
    const db = join(dir, 'reference.db');
    await provision(writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT }), db);
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`cpt-${30000 + i}.txt`] = makeDocument({ code: String(30000 + i) });
    const large = writeFiles(join(dir, 'large'), files);
    const child = spawn(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), 'ingest', large, '--db', db], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (!fs.existsSync(`${db}-journal`) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 2));
    child.kill('SIGKILL');
    await exited;
    expect(fs.existsSync(`${db}-journal`), 'the ingest finished before it was killed').toBe(true);
    const codebook = openCodebook(db);
    expect(codebook.listCodes().map((c) => c.code)).toEqual(['20956']);
    codebook.close();
  });
});

describe('the path replaced by another program while a command writes', () => {
  it('makes the ingest fail: it never reports success for data the path does not name', async () => {
    const dir = tempDir();
    const db = join(dir, 'reference.db');
    await provision(writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT }), db);
    fs.copyFileSync(db, join(dir, 'other.db'));
    const reader = new Database(db, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM procedures').get();
    const more = writeFiles(join(dir, 'more'), { 'cpt-20955.txt': makeDocument({ code: '20955' }) });
    // While the commit waits for the reader, another program puts a different file at the path.
    const ingesting = ingest([more], db, {
      onWait: () => {
        fs.renameSync(join(dir, 'other.db'), db);
        reader.exec('COMMIT');
      },
    });
    await expect(ingesting).rejects.toThrow(
      new ReplaceError(
        `${db} was replaced by another program during this ingest, which was committed to the file it replaced: ingest again`,
      ),
    );
    reader.close();
    expect(titles(db)).toHaveLength(1);
  });
});
