import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus, MAX_DOCUMENTS, writeCorpus } from '../../corpus/generate.js';
import { tempDir } from '../helpers.js';
import { provisionCorpus } from './provision-corpus.js';

/** Every file under `dir`, by relative path. */
function filesUnder(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name)));
  }
  return found;
}

describe('generateCorpus', () => {
  it('makes byte-identical files from the same seed', async () => {
    const [a, b] = [tempDir(), tempDir()];
    expect(writeCorpus(a, { seed: 11, count: 200 })).toEqual(writeCorpus(b, { seed: 11, count: 200 }));
    const [filesA, filesB] = [filesUnder(a), filesUnder(b)];
    expect(filesA.size).toBe(200);
    expect([...filesB.keys()]).toEqual([...filesA.keys()]);
    for (const [path, bytes] of filesA) expect(filesB.get(path)?.equals(bytes), path).toBe(true);
    expect(generateCorpus({ seed: 11, count: 200 }).files).toEqual(generateCorpus({ seed: 11, count: 200 }).files);
  });

  it('makes other files from another seed', async () => {
    const [a, b] = [generateCorpus({ seed: 11, count: 50 }), generateCorpus({ seed: 12, count: 50 })];
    expect(b.files.map((f) => f.path)).not.toEqual(a.files.map((f) => f.path));
    expect(b.files.map((f) => f.content)).not.toEqual(a.files.map((f) => f.content));
  });

  it('refuses a count it cannot make one document per code for', async () => {
    expect(() => generateCorpus({ seed: 1, count: MAX_DOCUMENTS + 1 })).toThrow(
      new RangeError('a corpus has 1 to 50000 documents, not 50001'),
    );
    expect(() => generateCorpus({ seed: 1, count: 0 })).toThrow(RangeError);
  });

  it.each([1, 2, 3])('provisions a small corpus (seed %i) with exactly the expected rows and warnings', async (seed) => {
    const { expected, actual, report } = await provisionCorpus({ seed, count: 300 });
    expect(actual).toEqual(expected);
    expect(report.warnings).toHaveLength(expected.diagnostics);
  });
});
