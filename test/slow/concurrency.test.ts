/**
 * Interleavings between processes on one database path: two writers, a reader holding a read
 * transaction across a write, and a writer killed while another waits. For each, what the path
 * holds afterwards, and that it matches what every command reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { provision } from '../../src/pipeline/provision.js';
import { CLI_COMMAND, makeDocument, ROOT, tempDir, writeFiles, type CliRun } from '../helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  for (const start = Date.now(); !condition(); await sleep(10)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

interface Running {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
  /** What it has written to stderr so far. */
  stderr(): string;
}

/** Starts the CLI from source in a child process. */
function start(args: readonly string[]): Running {
  const child = spawn(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<CliRun>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

/** While a writer holds the lock, its exclusive transaction keeps a journal beside the lock file. */
const lockHeld = (db: string) => existsSync(`${db}.lock-journal`);

/**
 * Starts `first`, and once it holds the writer lock of `db`, stops it (SIGSTOP) so the interleaving
 * does not depend on how fast it is; `resume` lets it go on.
 */
async function startHoldingLock(db: string, args: readonly string[]) {
  const writer = start(args);
  await waitFor('the first writer to hold the lock', () => lockHeld(db) || writer.child.exitCode !== null);
  writer.child.kill('SIGSTOP');
  expect(lockHeld(db), 'the first writer finished before it could be paused').toBe(true);
  return { ...writer, resume: () => writer.child.kill('SIGCONT') };
}

/** Documents enough that a writer still holds the lock when it is paused (the pause, not the size, makes the others wait). */
const LARGE = 300;

const waiting = (db: string) => `waiting for another writer on ${db} (up to 60 s)…\n`;

/** `count` documents in the template, codes from `first` on. */
function corpus(dir: string, first: number, count: number): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`cpt-${first + i}.txt`] = makeDocument({ code: String(first + i) });
  return writeFiles(dir, files);
}

const documentCodes = (db: string): string[] => {
  const sqlite = new Database(db, { readonly: true });
  const codes = sqlite.prepare('SELECT code FROM procedures ORDER BY code').pluck().all() as string[];
  sqlite.close();
  return codes;
};

/** The document count a command reported: "… N documents, …" (1 document). */
const reported = (run: CliRun): number => Number(/(?:from \S+|now) (\d+) documents?,/.exec(run.stdout)?.[1]);

async function setUp() {
  const dir = tempDir();
  const db = join(dir, 'reference.db');
  await provision(corpus(join(dir, 'one'), 20000, 1), db);
  return { dir, db };
}

describe('two writers on one database path', () => {
  it('provision, then ingest: the ingest waits for the provision and applies to the file it put there', async () => {
    const { dir, db } = await setUp();
    const provisioning = await startHoldingLock(db, ['provision', '--seeds', corpus(join(dir, 'large'), 30000, LARGE), '--db', db]);
    const ingesting = start(['ingest', corpus(join(dir, 'more'), 40000, 2), '--db', db]);
    await waitFor('the ingest to wait', () => ingesting.stderr() === waiting(db));
    provisioning.resume();
    const [provisioned, ingested] = await Promise.all([provisioning.done, ingesting.done]);
    expect(provisioned).toMatchObject({ status: 0, stderr: '' });
    expect(ingested).toMatchObject({ status: 0, stderr: waiting(db) });
    expect([reported(provisioned), reported(ingested)]).toEqual([LARGE, LARGE + 2]);
    const codes = documentCodes(db);
    expect(codes).toHaveLength(LARGE + 2);
    expect(codes).toContain('40001');
    expect(codes).not.toContain('20000');
  });

  it('ingest, then provision: the provision waits for the ingest, then rebuilds from its seeds', async () => {
    const { dir, db } = await setUp();
    const ingesting = await startHoldingLock(db, ['ingest', corpus(join(dir, 'large'), 30000, LARGE), '--db', db]);
    const provisioning = start(['provision', '--seeds', corpus(join(dir, 'seeds'), 50000, 2), '--db', db]);
    await waitFor('the provision to wait', () => provisioning.stderr() === waiting(db));
    ingesting.resume();
    const [ingested, provisioned] = await Promise.all([ingesting.done, provisioning.done]);
    expect(ingested).toMatchObject({ status: 0, stderr: '' });
    expect(provisioned).toMatchObject({ status: 0, stderr: waiting(db) });
    expect([reported(ingested), reported(provisioned)]).toEqual([LARGE + 1, 2]);
    expect(documentCodes(db)).toEqual(['50000', '50001']);
  });

  it('ingest, then remove: the removal waits, then removes from the file the ingest wrote, which keeps the rest', async () => {
    const { dir, db } = await setUp();
    const ingesting = await startHoldingLock(db, ['ingest', corpus(join(dir, 'large'), 30000, LARGE), '--db', db]);
    const removing = start(['remove', '20000', '--db', db]);
    await waitFor('the removal to wait', () => removing.stderr() === waiting(db));
    ingesting.resume();
    const [ingested, removed] = await Promise.all([ingesting.done, removing.done]);
    expect(ingested).toMatchObject({ status: 0, stderr: '' });
    expect(removed).toMatchObject({ status: 0, stderr: waiting(db) });
    const codes = documentCodes(db);
    expect(codes).toHaveLength(LARGE);
    expect(codes).not.toContain('20000');
  });

  it('ingest and ingest: the second waits, then both sets of documents are in the file', async () => {
    const { dir, db } = await setUp();
    const first = await startHoldingLock(db, ['ingest', corpus(join(dir, 'a'), 30000, LARGE), '--db', db]);
    const second = start(['ingest', corpus(join(dir, 'b'), 40000, 2), '--db', db]);
    await waitFor('the second ingest to wait', () => second.stderr() === waiting(db));
    first.resume();
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a).toMatchObject({ status: 0, stderr: '' });
    expect(b).toMatchObject({ status: 0, stderr: waiting(db) });
    expect([reported(a), reported(b)]).toEqual([LARGE + 1, LARGE + 3]);
    expect(documentCodes(db)).toHaveLength(LARGE + 3);
  });

  it(
    'provision and provision: the second waits and its corpus is the database; one that may not ' +
      'wait long enough fails, changing nothing',
    async () => {
      const { dir, db } = await setUp();
      const small = corpus(join(dir, 'small'), 50000, 1);
      const first = await startHoldingLock(db, ['provision', '--seeds', corpus(join(dir, 'large'), 30000, LARGE), '--db', db]);
      const files = readdirSync(dir).sort();
      const impatient = await start(['provision', '--seeds', small, '--db', db, '--wait', '0.2']).done;
      expect(impatient).toMatchObject({
        status: 1,
        stderr:
          `waiting for another writer on ${db} (up to 0.2 s)…\ncodebook: error: another writer is changing ` +
          `${db} (it holds ${db}.lock); gave up after 0.2 s, nothing was changed: try again later, or ` +
          `wait longer with --wait SECONDS\n`,
      });
      expect(readdirSync(dir).sort()).toEqual(files);
      const patient = start(['provision', '--seeds', small, '--db', db]);
      await waitFor('the second provision to wait', () => patient.stderr() === waiting(db));
      first.resume();
      const [a, c] = await Promise.all([first.done, patient.done]);
      expect(a).toMatchObject({ status: 0, stderr: '' });
      expect(c).toMatchObject({ status: 0, stderr: waiting(db) });
      expect([reported(a), reported(c)]).toEqual([LARGE, 1]);
      expect(documentCodes(db)).toEqual(['50000']);
    },
  );

  it('a writer killed while holding the lock frees it at once: the waiting one goes on', async () => {
    const { dir, db } = await setUp();
    const killed = await startHoldingLock(db, ['provision', '--seeds', corpus(join(dir, 'large'), 30000, LARGE), '--db', db]);
    const waiter = start(['ingest', corpus(join(dir, 'more'), 40000, 1), '--db', db]);
    await waitFor('the ingest to wait', () => waiter.stderr() === waiting(db));
    killed.child.kill('SIGKILL');
    expect((await killed.done).status).toBe(null);
    const ingested = await waiter.done;
    expect(ingested).toMatchObject({ status: 0, stderr: waiting(db) });
    expect(reported(ingested)).toBe(2);
    expect(documentCodes(db)).toEqual(['20000', '40000']);
  });
});

/** A reader in another process, driven line by line: `begin`, `count`, `commit`. */
function startReader(db: string) {
  const script = join(tempDir(), 'reader.cjs');
  writeFileSync(
    script,
    `const Database = require(${JSON.stringify(join(ROOT, 'node_modules/better-sqlite3'))});
const db = new Database(process.argv[2], { readonly: true, timeout: 60000 });
const count = db.prepare('SELECT count(*) FROM procedures').pluck();
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'count') console.log(count.get()); else db.exec(line.toUpperCase()), console.log('ok');
});`,
  );
  const child = spawn(process.execPath, [script, db]);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    async say(command: 'begin' | 'count' | 'commit'): Promise<string> {
      child.stdin!.write(`${command}\n`);
      return String((await lines.next()).value);
    },
    close: () => child.kill(),
  };
}

describe('a reader holding a read transaction', () => {
  it('across an ingest: the commit waits for it; it sees the data from before, and after it ends, from after', async () => {
    const { dir, db } = await setUp();
    const reader = startReader(db);
    expect(await reader.say('begin')).toBe('ok');
    expect(await reader.say('count')).toBe('1');
    const ingesting = start(['ingest', corpus(join(dir, 'more'), 40000, 2), '--db', db]);
    await waitFor('the commit to wait for the reader', () => ingesting.stderr().includes('waiting for readers'));
    expect(await reader.say('count')).toBe('1');
    expect(await reader.say('commit')).toBe('ok');
    const ingested = await ingesting.done;
    expect(ingested).toMatchObject({ status: 0, stderr: `waiting for readers of ${db} to finish (up to 60 s)…\n` });
    expect(await reader.say('count')).toBe('3');
    expect(reported(ingested)).toBe(3);
    reader.close();
  });

  it('across a provision: it keeps reading the whole file it opened, while the path names the new one', async () => {
    const { dir, db } = await setUp();
    const reader = startReader(db);
    expect(await reader.say('begin')).toBe('ok');
    expect(await reader.say('count')).toBe('1');
    const provisioned = await start(['provision', '--seeds', corpus(join(dir, 'new'), 50000, 3), '--db', db]).done;
    expect(provisioned).toMatchObject({ status: 0, stderr: '' });
    expect(await reader.say('count')).toBe('1');
    expect(await reader.say('commit')).toBe('ok');
    expect(await reader.say('count')).toBe('1');
    expect(documentCodes(db)).toEqual(['50000', '50001', '50002']);
    reader.close();
  });
});
