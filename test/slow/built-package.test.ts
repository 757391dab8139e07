/**
 * The package as npm builds and installs it: `npm run build` is run here first (so no test ever
 * reads a stale dist/), then the bin runs as `npx codebook` would, and the benchmark, which
 * measures the built CLI, makes a smoke run (100 documents, once; no timing is asserted).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir, tsx } from '../helpers.js';

const BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { codebook: string } }).bin.codebook);

beforeAll(() => {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, build.stdout + build.stderr).toBe(0);
});

/** Runs the built bin itself, through its shebang, in `cwd`. */
const bin = (args: readonly string[], cwd: string) => spawnSync(BIN, args, { cwd, encoding: 'utf8' });

describe('the bin', () => {
  it('is an executable script with a node shebang, so `npx codebook` runs it', () => {
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs: prints its version, provisions, shows a record, and exits 1 with a message for a code no document describes', () => {
    const cwd = tempDir();
    cpSync(join(ROOT, 'seeds'), join(cwd, 'seeds'), { recursive: true });
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(bin(['--version'], cwd)).toMatchObject({ status: 0, stdout: `${version}\n` });
    expect(bin(['provision'], cwd)).toMatchObject({ status: 0 });
    expect(bin(['show', '20956'], cwd)).toMatchObject({ status: 0, stderr: '' });
    expect(bin(['show', '99999'], cwd)).toMatchObject({
      status: 1,
      stdout: '',
      stderr: 'codebook: error: no document describes code 99999 in data/reference.db\n',
    });
  });
});

describe('npm run bench --smoke', () => {
  it('measures every figure next to its floor and writes the results', () => {
    const out = join(tempDir(), 'results.json');
    const run = tsx(join(ROOT, 'bench/run.ts'), ['--smoke', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      corpora: { documents: number }[];
      figures: { name: string; value: { median: number }; floor?: { value: { median: number } }; ratio?: number }[];
    };
    expect(results.corpora.map((c) => c.documents)).toEqual([100]);
    expect(results.figures.map((f) => f.name)).toEqual([
      'parse (documents/s)',
      'parse (MB/s)',
      'load (rows/s)',
      'provision end to end (s)',
      'provision end to end (documents/s)',
      'provision peak RSS (MB)',
      'ingest N new into 1 (s)',
      'ingest 1 changed (ms)',
      'ingest 1 unchanged (ms)',
      'getCode (records/s)',
      'search (queries/s)',
      'CLI start: codebook show (ms)',
      'query 20,000 rows, ndjson (rows/s)',
      'query peak RSS growth (20,000 vs 2,000 rows)',
      "serve: a code's page (requests/s)",
      'serve: /api/codes/{code} (requests/s)',
      'serve: search page (facets, 50 a page) (requests/s)',
      'serve: /api/search (20 hits) (requests/s)',
    ]);
    for (const figure of results.figures) {
      expect(figure.value.median, figure.name).toBeGreaterThan(0);
      if (figure.floor) expect(figure.ratio, figure.name).toBeGreaterThan(0);
    }
    expect(run.stdout).toContain('load (rows/s)');
  });
});
