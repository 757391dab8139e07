/**
 * `codebook query` streams: a result of 500,000 rows needs no more memory than one of 50,000,
 * in every format, in the CLI's process and in the query process. Memory, not time, is asserted:
 * the peak resident set of each process (the CLI as the tests run it in a process: CLI_COMMAND).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS } from '../../src/access/output-formats.js';
import { CLI_COMMAND, ROOT, seedDatabase, tempDir } from '../helpers.js';

const RSS_REPORTER = join(ROOT, 'bench/report-rss.cjs');
/**
 * Memory growth from 50,000 to 500,000 rows: the heap settling makes it about 1.1–1.45; a CLI that
 * held every row made it 2.7. (The benchmark measures 1,000,000 rows.)
 */
const FLAT = 2;

let db: string;
beforeAll(async () => {
  db = await seedDatabase();
});

/** Peak RSS in KB of the CLI and of its query process, for a query of `rows` rows in `format`. */
function peaks(rows: number, format: string): Record<string, number> {
  const rssFile = join(tempDir(), 'rss');
  rmSync(rssFile, { force: true });
  const sql =
    `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT ${rows}) SELECT i, 'row ` +
    `' || i AS label, i * 0.5 AS half FROM r`;
  const run = spawnSync(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), 'query', sql, '--db', db, '-f', format], {
    env: { ...process.env, NODE_OPTIONS: `--require ${RSS_REPORTER}`, CODEBOOK_BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const peak: Record<string, number> = {};
  for (const line of readFileSync(rssFile, 'utf8').trim().split('\n')) {
    const [script, kb] = line.split(' ') as [string, string];
    peak[script] = Math.max(peak[script] ?? 0, Number(kb));
  }
  return peak;
}

describe('query memory at scale', () => {
  it.each(OUTPUT_FORMATS)('stays flat from 50,000 to 500,000 rows in %s', (format) => {
    const small = peaks(50_000, format);
    const large = peaks(500_000, format);
    expect(Object.keys(large).sort()).toEqual(['main.js', 'query-process.js']);
    for (const process of ['main.js', 'query-process.js']) {
      expect(large[process]! / small[process]!, `${process}: ${small[process]} KB → ${large[process]} KB`).toBeLessThan(FLAT);
    }
  });
});
