/**
 * `codebook query` and runReadOnlyQuery: read-only as SQLite decides it, bounded in time (the
 * statement really stops and its CPU is released) and memory (values over the limit refused),
 * exact values in every format.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryAbortedError, QueryLimitError, ReadOnlyViolation, runReadOnlyQuery } from '../src/access/query.js';
import { connectionChange, leadingTokens } from '../src/db/read-only-sql.js';
import { CLI_COMMAND, codebook, queryAll, seedDatabase } from './helpers.js';

let db: string;
beforeAll(async () => {
  db = await seedDatabase();
});

const FOREVER = 'WITH RECURSIVE forever(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM forever) SELECT count(*) FROM forever';

/** The query processes (children running query-process) of process `parent`, from /proc. */
function queryProcesses(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        return ppid === parent && command.includes('query-process') ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

/** CPU time (user + system clock ticks) a process has used, from /proc. */
const cpuTicks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(what: string, condition: () => boolean): Promise<void> {
  for (const start = Date.now(); !condition(); await sleep(10))
    if (Date.now() - start > 30_000) throw new Error(`timed out waiting for ${what}`);
}

describe('what may run', () => {
  it.each([
    ['PRAGMA "locking_mode" = EXCLUSIVE', 'PRAGMA locking_mode with a value changes the connection or the database'],
    ['PRAGMA [query_only]=0', 'PRAGMA query_only with a value changes the connection or the database'],
    ["/* a comment */ PRAGMA main.'foreign_keys' = OFF", 'PRAGMA foreign_keys with a value changes the connection or the database'],
    ['--comment\nPRAGMA `hard_heap_limit`(0)', 'PRAGMA hard_heap_limit with a value changes the connection or the database'],
    ['pragma OPTIMIZE(0x10002)', 'PRAGMA OPTIMIZE with a value changes the connection or the database'],
    ['EXPLAIN PRAGMA foreign_keys = OFF', 'PRAGMA foreign_keys with a value changes the connection or the database'],
    ["attach 'x.db' as x", 'ATTACH changes the connection'],
    ['INSERT INTO payers VALUES (1)', 'INSERT would change the database'],
    ['WITH x AS (SELECT 1) DELETE FROM payers', 'WITH would change the database'],
    ["VACUUM INTO '/tmp/copy.db'", 'VACUUM would change the database'],
    ['BEGIN IMMEDIATE', 'BEGIN would change the database'],
    ['SAVEPOINT x', 'SAVEPOINT returns no rows'],
  ])('refuses %j before it runs', async (sql, reason) => {
    const before = readFileSync(db);
    await expect(queryAll(db, sql)).rejects.toThrow(new ReadOnlyViolation(`query is read-only: ${reason}; nothing was run`));
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it.each([
    ['PRAGMA table_info("payers")', 'name'],
    ['PRAGMA foreign_keys', 'foreign_keys'],
    ["SELECT name FROM pragma_table_info('payers')", 'name'],
    ['EXPLAIN QUERY PLAN SELECT * FROM codes', 'detail'],
  ])('runs %j', async (sql, column) => {
    expect((await queryAll(db, sql)).columns).toContain(column);
  });

  it('has no extension loading', async () => {
    await expect(queryAll(db, "SELECT load_extension('/tmp/x')")).rejects.toThrow('not authorized');
  });

  it("reads a statement's leading tokens as SQLite's tokenizer does", async () => {
    expect(leadingTokens(`/* x */ PRAGMA "a""b".[c d] = 1 -- rest`, 10)).toEqual([
      { kind: 'word', text: 'PRAGMA' },
      { kind: 'name', text: 'a"b' },
      { kind: 'symbol', text: '.' },
      { kind: 'name', text: 'c d' },
      { kind: 'symbol', text: '=' },
      { kind: 'word', text: '1' },
    ]);
    expect(connectionChange('SELECT 1')).toBeUndefined();
    expect(connectionChange('PRAGMA index_list(codes)')).toBeUndefined();
    expect(connectionChange('PRAGMA user_version')).toBeUndefined();
  });
});

describe('exact values', () => {
  it("keeps every digit of a 64-bit integer, prints blobs as X'…', in every format", async () => {
    const sql = "SELECT 9007199254740993 AS big, -9223372036854775808 AS least, x'00ff10' AS blob, 0.1 AS real, NULL AS missing";
    const run = async (format: string) => (await codebook(['query', sql, '--db', db, '-f', format])).stdout;
    expect(await run('csv')).toBe("big,least,blob,real,missing\n9007199254740993,-9223372036854775808,X'00FF10',0.1,\n");
    expect(await run('tsv')).toBe("big\tleast\tblob\treal\tmissing\n9007199254740993\t-9223372036854775808\tX'00FF10'\t0.1\t\n");
    expect(await run('ndjson')).toBe(
      '{"big":9007199254740993,"least":-9223372036854775808,"blob":"X\'00FF10\'","real":0.1,"missing":null}\n',
    );
    expect(await run('json')).toBe(
      '[\n  {\n    "big": 9007199254740993,\n    "least": -9223372036854775808,\n    "blob": "X\'00FF10\'",\n ' +
        '   "real": 0.1,\n    "missing": null\n  }\n]\n',
    );
    expect(await run('table')).toBe(
      'big               least                 blob       real  missing\n----------------  -------------------- ' +
        " ---------  ----  -------\n9007199254740993  -9223372036854775808  X'00FF10'  0.1   NULL\n",
    );
  });

  it('gives integers as BigInt and blobs as bytes to library callers', async () => {
    expect((await queryAll(db, "SELECT 9007199254740993 AS big, x'0102' AS blob")).rows).toEqual([
      [9007199254740993n, Buffer.from([1, 2])],
    ]);
  });

  it('escapes control characters in a table, and keeps them in CSV', async () => {
    const sql = "SELECT char(27) || '[2J' || char(10) || 'x' AS text";
    expect((await codebook(['query', sql, '--db', db])).stdout).toBe('text\n----------\n\\x1b[2J\\nx\n');
    expect((await codebook(['query', sql, '--db', db, '-f', 'csv'])).stdout).toBe('text\n"\x1b[2J\nx"\n');
  });
});

describe('bounded in memory', () => {
  it('refuses a value over the limit with a clear message, not an out-of-memory crash', async () => {
    await expect(queryAll(db, 'SELECT 1 AS small, randomblob(20 * 1024 * 1024) AS large')).rejects.toThrow(
      new QueryLimitError(
        'row 1, column large: a value of 20,971,520 bytes is over the limit of 16,777,216 bytes per ' +
          'value; select part of it (substr(), length(), hex(substr()))',
      ),
    );
  });

  it('stops a query whose process grows past its memory limit', async () => {
    await expect(
      runReadOnlyQuery(db, 'SELECT zeroblob(400 * 1000 * 1000)').then((result) => result[Symbol.asyncIterator]().next()),
    ).rejects.toThrow(
      new QueryLimitError(
        'the query used more than its memory limit of 512 MiB and was stopped: select less at once ' +
          '(fewer rows to sort or group, or part of a large value)',
      ),
    );
  });
});

describe('bounded in time', () => {
  it('stops the statement at its time limit: the process running it is gone and uses no more CPU', async () => {
    // A limit long enough for a loaded machine to start the process and see it run before it passes.
    const result = await runReadOnlyQuery(db, FOREVER, { timeoutMs: 4000 });
    const rows = result[Symbol.asyncIterator]().next();
    let running: number[] = [];
    await waitFor('the query process', () => (running = queryProcesses(process.pid)).length === 1);
    const [pid] = running as [number];
    const ticks = cpuTicks(pid);
    await waitFor('the query process to use CPU', () => cpuTicks(pid) > ticks);
    await expect(rows).rejects.toThrow(
      new QueryLimitError(
        'the query ran for its time limit of 4 s and was stopped; allow it longer with --timeout SECONDS (timeoutMs)',
        4000,
      ),
    );
    await waitFor('the query process to be gone', () => !existsSync(`/proc/${pid}`));
  });

  it('says so from the CLI, exit 1', async () => {
    expect(await codebook(['query', FOREVER, '--db', db, '--timeout', '0.5'])).toMatchObject({
      status: 1,
      stderr:
        'codebook: error: the query ran for its time limit of 0.5 s and was stopped; allow it longer with --timeout SECONDS (timeoutMs)\n',
    });
  });

  it('stops when its caller aborts it', async () => {
    const abort = new AbortController();
    const result = await runReadOnlyQuery(db, FOREVER, { signal: abort.signal });
    setTimeout(() => abort.abort(), 200);
    await expect(result[Symbol.asyncIterator]().next()).rejects.toThrow(QueryAbortedError);
  });

  it('stops at once on Ctrl-C (SIGINT), exit 130, and so does its query process', async () => {
    const child = spawn(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), 'query', FOREVER, '--db', db]);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let running: number[] = [];
    await waitFor('the query process', () => (running = queryProcesses(child.pid!)).length === 1);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe('codebook: error: the query was interrupted\n');
    await waitFor('the query process to be gone', () => !existsSync(`/proc/${running[0]}`));
  });

  it('dies with its caller: a query process whose caller is killed stops too', async () => {
    const child = spawn(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), 'query', FOREVER, '--db', db]);
    let running: number[] = [];
    await waitFor('the query process', () => (running = queryProcesses(child.pid!)).length === 1);
    child.kill('SIGKILL');
    await waitFor('the orphaned query process to be gone', () => !existsSync(`/proc/${running[0]}`));
  });
});
