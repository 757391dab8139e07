/** A smoke run of `npm run bench` (100 documents, one run), so the benchmark cannot rot. No timing is asserted. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, tsx } from './helpers.js';

describe('npm run bench --smoke', () => {
  it('measures every figure next to its floor and writes the results', () => {
    expect(existsSync(join(ROOT, 'dist/cli/main.js')), 'the CLI is not built: run npm run build').toBe(true);
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
      'getCode (records/s)',
      'search (queries/s)',
      'CLI start: codebook show (ms)',
      'query 20,000 rows, ndjson (rows/s)',
      'query peak RSS growth (20,000 vs 2,000 rows)',
    ]);
    for (const figure of results.figures) {
      expect(figure.value.median, figure.name).toBeGreaterThan(0);
      if (figure.floor) expect(figure.ratio, figure.name).toBeGreaterThan(0);
    }
    expect(run.stdout).toContain('load (rows/s)');
  });
});
