/**
 * `npx tsx bench/parse.ts`: the parse stage (read → parse → validate → normalize, one document at
 * a time, as `npm run bench`'s parse figure times it) in µs per document, on the same documents,
 * for the code as it is and as it was before issue 8 — so "before and after" compares code, not
 * corpora. Three measurements, interleaved run by run so a busy machine slows all of them alike:
 *
 * - this code on the current generator's corpus (what `npm run bench` measures);
 * - this code on the corpus the generator of before issue 8 writes (same seed and size);
 * - the code of before issue 8 (taken from git) on that same corpus.
 *
 * Each next to its floor, reading the files and splitting them into lines, in the same run.
 * Options: --documents N (10000), --runs N (5), --commit C (the "before" commit).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { processDocument } from '../src/pipeline/process.js';
import { BEFORE_ISSUE_8, corpus, corpusAt, sourcesAt, type Corpus } from './corpora.js';
import { readAndSplit } from './floors.js';

const { values: args } = parseArgs({
  options: {
    documents: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    commit: { type: 'string', default: BEFORE_ISSUE_8 },
  },
});
const size = Number(args.documents);
const runs = Number(args.runs);
const before = args.commit;

type Process = (file: string) => { loadable: unknown };

interface Measured {
  readonly code: string;
  readonly corpus: string;
  readonly documents: Corpus;
  readonly process: Process;
  readonly times: number[];
  readonly floor: number[];
  loadable: number;
}

/** Milliseconds to process every file, the results all kept (as the benchmark keeps them). */
function timeProcess(m: Measured): number {
  const start = performance.now();
  const results = m.documents.files.map(m.process);
  const ms = performance.now() - start;
  m.loadable = results.filter((r) => r.loadable !== undefined).length;
  return ms;
}

function timeFloor(documents: Corpus): number {
  const start = performance.now();
  readAndSplit(documents.files);
  return performance.now() - start;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  process.stderr.write(`bench/parse: corpora of ${size} documents (now, and at ${before})…\n`);
  const now = corpus(size);
  const old = await corpusAt(before, size);
  const oldCode = (await import(join(sourcesAt(before), 'pipeline/process.ts'))) as { processDocument: Process };
  const measured: Measured[] = [
    { code: 'now', corpus: 'now', documents: now, process: processDocument, times: [], floor: [], loadable: 0 },
    { code: 'now', corpus: before, documents: old, process: processDocument, times: [], floor: [], loadable: 0 },
    { code: before, corpus: before, documents: old, process: oldCode.processDocument, times: [], floor: [], loadable: 0 },
  ];
  // One run of each to warm up (compilation, the file cache), then the measured runs.
  for (const m of measured) timeProcess(m);
  for (let run = 0; run < runs; run++) {
    process.stderr.write(`bench/parse: run ${run + 1} of ${runs}\n`);
    for (const m of measured) {
      m.times.push(timeProcess(m));
      m.floor.push(timeFloor(m.documents));
    }
  }
  const rows = measured.map((m) => {
    const us = m.times.map((ms) => (ms * 1000) / m.documents.files.length);
    const floorUs = median(m.floor.map((ms) => (ms * 1000) / m.documents.files.length));
    return [
      m.code,
      `${m.corpus} (${(m.documents.bytes / 1e6).toFixed(1)} MB)`,
      `${median(us).toFixed(1)} (${Math.min(...us).toFixed(1)}–${Math.max(...us).toFixed(1)})`,
      Math.round(1e6 / median(us)).toLocaleString('en-US'),
      `${(median(us) / floorUs).toFixed(2)}×`,
      `${m.loadable} of ${m.documents.files.length}`,
    ];
  });
  const header = ['code', 'corpus', 'µs/document, median (min–max)', 'documents/s', 'ratio to read + split lines', 'loadable'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`${size} documents, ${runs} runs each, interleaved`);
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}

await main();
