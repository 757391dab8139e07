/**
 * `npm run bench`: codebook's speed and memory at corpus scale, each figure the median of several
 * runs (with min and max) next to its floor measured in the same run. Generated corpora of 1,000
 * and 10,000 documents (and 20,000 with --full); --smoke runs 100 documents once, for the tests.
 * Prints a table and writes bench/results.json (or --out FILE).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCodebook } from '../src/access/codebook.js';
import { openDatabase, type CodebookDatabase } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { configureForBuilding } from '../src/db/sqlite.js';
import { createLoader } from '../src/pipeline/load.js';
import { processDocument } from '../src/pipeline/process.js';
import { corpus, CORPUS_SEED, ROOT } from './corpora.js';
import { benchServer } from './server.js';
import { QUERY_FLOOR_SCRIPT, rawInserts, rawRecordReader, readAndSplit, type LoadInput } from './floors.js';

const CLI = join(ROOT, 'dist/cli/main.js');
const RSS_REPORTER = join(ROOT, 'bench/report-rss.cjs');

const { values: args } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    runs: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results.json') },
  },
});
const SIZES = args.smoke ? [100] : args.full ? [1_000, 10_000, 20_000] : [1_000, 10_000];
const runsFor = (size: number): number => (args.runs ? Number(args.runs) : args.smoke ? 1 : size <= 1_000 ? 7 : 3);

interface Spread {
  median: number;
  min: number;
  max: number;
}
interface Figure {
  name: string;
  documents: number;
  unit: string;
  value: Spread;
  floor?: { what: string; value: Spread };
  /** Codebook's time over the floor's: 1 is as fast as the floor. */
  ratio?: number;
  target?: string;
  pass?: boolean;
}
const figures: Figure[] = [];

const spread = (xs: number[]): Spread => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! };
};

/** Runs `work` `runs` times; the milliseconds of each run. */
function time(runs: number, work: () => void): number[] {
  return Array.from({ length: runs }, () => {
    const start = performance.now();
    work();
    return performance.now() - start;
  });
}

/** Times as rates: `count` per second for each run. */
const rates = (count: number, ms: number[]): number[] => ms.map((m) => (count * 1000) / m);

const scratch = join(tmpdir(), `codebook-bench-${process.pid}`);
const scratchDb = (name: string): string => {
  const path = join(scratch, name);
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
  return path;
};

/** A fresh migrated database configured as provision builds one (configureForBuilding), in a transaction, with one run row. */
function freshDatabase(name: string): CodebookDatabase {
  const db = openDatabase(scratchDb(name), { create: true });
  configureForBuilding(db.$client);
  migrate(db.$client);
  db.$client.exec('BEGIN');
  db.$client.prepare(`INSERT INTO build_runs (id, kind, started_at, tool_version) VALUES (1, 'provision', 'bench', 'bench')`).run();
  return db;
}

function benchParse(size: number, files: string[], bytes: number): LoadInput[] {
  let loadable: LoadInput[] = [];
  const ours = time(runsFor(size), () => {
    loadable = files.flatMap((f) => {
      const processed = processDocument(f);
      return processed.loadable ? [{ ...processed.loadable, findings: processed.diagnostics }] : [];
    });
  });
  const floor = time(runsFor(size), () => readAndSplit(files));
  const ratio = spread(ours).median / spread(floor).median;
  figures.push(
    {
      name: 'parse (documents/s)',
      documents: size,
      unit: 'docs/s',
      value: spread(rates(size, ours)),
      floor: { what: 'read + split lines', value: spread(rates(size, floor)) },
      ratio,
    },
    {
      name: 'parse (MB/s)',
      documents: size,
      unit: 'MB/s',
      value: spread(rates(bytes / 1e6, ours)),
      floor: { what: 'read + split lines', value: spread(rates(bytes / 1e6, floor)) },
      ratio,
    },
  );
  return loadable;
}

function benchLoad(size: number, documents: LoadInput[]): void {
  let rows = 0;
  const ours = time(runsFor(size), () => {
    const db = freshDatabase('load.db');
    const loader = createLoader(db, 1);
    for (const d of documents) loader.load(d.source, d.rows, d.findings);
    db.$client.exec('COMMIT');
    db.$client.close();
  });
  const floor = time(runsFor(size), () => {
    const db = freshDatabase('floor.db');
    rows = rawInserts(db.$client, 1, documents);
    db.$client.exec('COMMIT');
    db.$client.close();
  });
  const ratio = spread(ours).median / spread(floor).median;
  figures.push({
    name: 'load (rows/s)',
    documents: size,
    unit: 'rows/s',
    value: spread(rates(rows, ours)),
    floor: { what: 'raw better-sqlite3 inserts, same rows', value: spread(rates(rows, floor)) },
    ratio,
    target: '≤ 1.3× floor',
    pass: ratio <= 1.3,
  });
}

/**
 * Runs the built CLI; wall milliseconds, and the peak RSS in MB of the CLI's process (`rssMb`) and
 * of the largest of it and the processes it starts (`peakRssMb`: a query runs in a process of its own).
 */
function cli(cliArgs: string[]): { ms: number; rssMb: number; peakRssMb: number } {
  const rssFile = join(scratch, 'rss');
  rmSync(rssFile, { force: true });
  const start = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...cliArgs], {
    env: { ...process.env, NODE_OPTIONS: `--require ${RSS_REPORTER}`, CODEBOOK_BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`codebook ${cliArgs.join(' ')} failed: ${run.stderr}`);
  const peaks = readFileSync(rssFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ') as [string, string]);
  const mb = (lines: typeof peaks) => Math.max(...lines.map(([, kb]) => Number(kb))) / 1024;
  return { ms, rssMb: mb(peaks.filter(([script]) => script === 'main.js')), peakRssMb: mb(peaks) };
}

function benchEndToEnd(size: number, dir: string): { db: string; rssMb: number; ms: Spread } {
  const db = join(scratch, `provisioned-${size}.db`);
  const runs = Array.from({ length: runsFor(size) }, () => cli(['provision', '--seeds', dir, '--db', db]));
  const seconds = spread(runs.map((r) => r.ms / 1000));
  const target = size === 10_000 ? { target: '≤ 4 s (≥ 2,500 docs/s)', pass: seconds.median <= 4 } : {};
  figures.push(
    { name: 'provision end to end (s)', documents: size, unit: 's', value: seconds, ...target },
    { name: 'provision end to end (documents/s)', documents: size, unit: 'docs/s', value: spread(runs.map((r) => (size * 1000) / r.ms)) },
  );
  const rss = spread(runs.map((r) => r.rssMb));
  figures.push({ name: 'provision peak RSS (MB)', documents: size, unit: 'MB', value: rss });
  return { db, rssMb: rss.median, ms: spread(runs.map((r) => r.ms)) };
}

function benchLookups(size: number, db: string): void {
  const codebook = openCodebook(db);
  const codes = codebook.listCodes().map((c) => c.code);
  const lookups = Math.max(20_000, codes.length);
  const sample = Array.from({ length: lookups }, (_, i) => codes[(i * 7919) % codes.length]!);
  const raw = rawRecordReader(codebook.db);
  const ours = time(runsFor(size), () => {
    for (const code of sample) codebook.getCode(code);
  });
  const floor = time(runsFor(size), () => {
    for (const code of sample) raw(code);
  });
  const ratio = spread(ours).median / spread(floor).median;
  const getCodeRate = spread(rates(lookups, ours));
  figures.push({
    name: 'getCode (records/s)',
    documents: size,
    unit: 'records/s',
    value: getCodeRate,
    floor: { what: 'one raw statement + JSON.parse', value: spread(rates(lookups, floor)) },
    ratio,
    target: '≤ 1.5× floor, ≥ 20,000/s',
    pass: ratio <= 1.5 && getCodeRate.median >= 20_000,
  });

  const words = [
    ...new Set(codes.slice(0, 300).flatMap((c) => (codebook.getCode(c)?.title ?? '').toLowerCase().match(/[a-z]{5,}/g) ?? [])),
  ].slice(0, 60);
  const queries = words.flatMap((w, i) => [w, `${w} ${words[(i + 1) % words.length]}`]);
  const searches = 2_000;
  const searchTimes = time(runsFor(size), () => {
    for (let i = 0; i < searches; i++) codebook.search(queries[i % queries.length]!, { limit: 10 });
  });
  const searchRate = spread(rates(searches, searchTimes));
  figures.push({
    name: 'search (queries/s)',
    documents: size,
    unit: 'queries/s',
    value: searchRate,
    ...(size >= 10_000 ? { target: '≥ 2,000/s', pass: searchRate.median >= 2_000 } : {}),
  });
  codebook.close();
}

function benchStart(size: number, db: string): void {
  const code = spawnSync(process.execPath, [CLI, 'query', 'SELECT code FROM procedures ORDER BY code LIMIT 1', '--db', db, '-f', 'csv'], {
    encoding: 'utf8',
  }).stdout.split('\n')[1]!;
  const runs = runsFor(size) * 3;
  const show = Array.from({ length: runs }, () => cli(['show', code, '--db', db]).ms);
  const node = Array.from({ length: runs }, () => {
    const start = performance.now();
    spawnSync(process.execPath, ['-e', '']);
    return performance.now() - start;
  });
  const ratio = spread(show).median / spread(node).median;
  figures.push({
    name: 'CLI start: codebook show (ms)',
    documents: size,
    unit: 'ms',
    value: spread(show),
    floor: { what: 'node -e ""', value: spread(node) },
    ratio,
    target: '≤ 3× node -e ""',
    pass: ratio <= 3,
  });
}

/**
 * Ingest at scale, each against a floor of the same run: `size` new documents into a database
 * provisioned with one (the README's workflow) against a provision of the same documents; one
 * changed document into the provisioned database (its times are returned, for the 10,000 / 1,000
 * ratio); an unchanged re-ingest of that document against `codebook show`.
 */
function benchIngest(size: number, files: string[], dir: string, provisioned: { db: string; ms: Spread }): Spread {
  const oneDocument = join(scratch, 'one-document');
  mkdirSync(oneDocument, { recursive: true });
  copyFileSync(join(ROOT, 'seeds/cpt-20956.txt'), join(oneDocument, 'cpt-20956.txt'));
  const target = join(scratch, `ingest-new-${size}.db`);
  const ingestNew = Array.from({ length: runsFor(size) }, () => {
    cli(['provision', '--seeds', oneDocument, '--db', scratchDb(basename(target))]);
    return cli(['ingest', dir, '--db', target]).ms;
  });
  const newRatio = spread(ingestNew).median / provisioned.ms.median;
  figures.push({
    name: 'ingest N new into 1 (s)',
    documents: size,
    unit: 's',
    value: spread(ingestNew.map((ms) => ms / 1000)),
    floor: {
      what: 'provision of the same N',
      value: spread([provisioned.ms.min, provisioned.ms.median, provisioned.ms.max].map((ms) => ms / 1000)),
    },
    ratio: newRatio,
    target: '≤ 1.5× floor',
    pass: newRatio <= 1.5,
  });

  // One document changed, its bytes different each run (a trailing newline more or less).
  const db = join(scratch, `ingest-changed-${size}.db`);
  copyFileSync(provisioned.db, scratchDb(basename(db)));
  // The first document in path order that is UTF-8 (a trailing newline more is a change of its
  // bytes, not of its encoding): the winner of the catalog values it states, the costliest to change.
  const first = files.find((file) => !readFileSync(file).includes(0))!;
  const changed = join(scratch, 'changed', basename(first));
  mkdirSync(dirname(changed), { recursive: true });
  const text = readFileSync(first, 'utf8');
  const runs = runsFor(size) * 2;
  const changedMs = Array.from({ length: runs }, (_, i) => {
    writeFileSync(changed, text + '\n'.repeat(1 + (i % 2)));
    return cli(['ingest', changed, '--db', db]).ms;
  });
  figures.push({ name: 'ingest 1 changed (ms)', documents: size, unit: 'ms', value: spread(changedMs) });
  if (size === SIZES[SIZES.length - 1]) {
    const code = spawnSync(process.execPath, [CLI, 'query', 'SELECT code FROM procedures ORDER BY code LIMIT 1', '--db', db, '-f', 'csv'], {
      encoding: 'utf8',
    }).stdout.split('\n')[1]!;
    const unchanged = Array.from({ length: runs }, () => cli(['ingest', changed, '--db', db]).ms);
    const show = Array.from({ length: runs }, () => cli(['show', code, '--db', db]).ms);
    const ratio = spread(unchanged).median / spread(show).median;
    figures.push({
      name: 'ingest 1 unchanged (ms)',
      documents: size,
      unit: 'ms',
      value: spread(unchanged),
      floor: { what: 'codebook show', value: spread(show) },
      ratio,
      target: '≤ 1.5× floor',
      pass: ratio <= 1.5,
    });
  }
  return spread(changedMs);
}

/** The formats whose memory the benchmark measures: each streams a different way (records, rows, row groups, resources). */
const EXPORT_BENCH_FORMATS = ['ndjson', 'csv', 'parquet', 'fhir'] as const;

/** `codebook export` in each format: its time, and its peak RSS (kept for the growth from the smallest corpus to 10,000 documents). */
function benchExport(size: number, db: string): Record<string, number> {
  const rss: Record<string, number> = {};
  for (const format of EXPORT_BENCH_FORMATS) {
    const runs = Array.from({ length: Math.min(runsFor(size), 3) }, () => {
      const out = join(scratch, `export-${format}`);
      rmSync(out, { recursive: true, force: true });
      return cli(['export', '--format', format, '--out', out, '--db', db]);
    });
    figures.push({ name: `export ${format} (s)`, documents: size, unit: 's', value: spread(runs.map((r) => r.ms / 1000)) });
    const peak = spread(runs.map((r) => r.rssMb));
    figures.push({ name: `export ${format} peak RSS (MB)`, documents: size, unit: 'MB', value: peak });
    rss[format] = peak.median;
  }
  return rss;
}

/** A query's result of `rows` rows, generated by SQLite itself: the same for every database. */
const rowsQuery = (rows: number) =>
  `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT ${rows}) SELECT i, 'row ' || i AS label, i * 0.5 AS half FROM r`;

/** `codebook query` at scale: its speed against one process stepping the statement, and its memory from a tenth of the rows to all. */
function benchQuery(db: string): void {
  const rows = args.smoke ? 20_000 : 1_000_000;
  const runs = args.smoke ? 1 : 3;
  const ours = Array.from({ length: runs }, () => cli(['query', rowsQuery(rows), '--db', db, '-f', 'ndjson']));
  const floor = Array.from({ length: runs }, () => {
    const start = performance.now();
    const run = spawnSync(process.execPath, ['-e', QUERY_FLOOR_SCRIPT, join(ROOT, 'node_modules/better-sqlite3'), db, rowsQuery(rows)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`the query floor failed: ${run.stderr}`);
    return performance.now() - start;
  });
  const ratio = spread(ours.map((r) => r.ms)).median / spread(floor).median;
  figures.push({
    name: `query ${rows.toLocaleString('en-US')} rows, ndjson (rows/s)`,
    documents: 0,
    unit: 'rows/s',
    value: spread(
      rates(
        rows,
        ours.map((r) => r.ms),
      ),
    ),
    floor: { what: 'one process stepping the statement, JSON lines', value: spread(rates(rows, floor)) },
    ratio,
    target: '≤ 3× floor',
    pass: ratio <= 3,
  });
  const tenth = Array.from({ length: runs }, () => cli(['query', rowsQuery(rows / 10), '--db', db, '-f', 'ndjson']).peakRssMb);
  const growth = spread(ours.map((r) => r.peakRssMb)).median / spread(tenth).median;
  figures.push({
    name: `query peak RSS growth (${rows.toLocaleString('en-US')} vs ${(rows / 10).toLocaleString('en-US')} rows)`,
    documents: 0,
    unit: '×',
    value: { median: growth, min: growth, max: growth },
    target: '≤ 1.5×',
    pass: growth <= 1.5,
  });
}

/** `codebook serve` under load: each route's requests/s against the same server answering its bodies as constants. */
async function benchServe(size: number, db: string): Promise<void> {
  const results = await benchServer(db, args.smoke ? { rounds: 1, seconds: 1 } : { rounds: 5, seconds: 2 });
  for (const result of results) {
    const share = spread(result.shares).median;
    figures.push({
      name: `serve: ${result.name} (requests/s)`,
      documents: size,
      unit: 'requests/s',
      value: spread(result.rates),
      floor: { what: 'the same server, the same bodies as constants', value: spread(result.floorRates) },
      // As every ratio here, time over the floor's: the median of the rounds' floor/route rates.
      ratio: 1 / share,
      ...(result.target === undefined
        ? {}
        : { target: `≥ ${result.target * 100}% of floor requests/s (median ${(share * 100).toFixed(0)}%)`, pass: share >= result.target }),
    });
  }
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('the CLI is not built: run npm run build');
  mkdirSync(scratch, { recursive: true });
  const corpora: { documents: number; megabytes: number }[] = [];
  const rss: Record<number, number> = {};
  const changedIngest: Record<number, Spread> = {};
  const exportRss: Record<number, Record<string, number>> = {};
  try {
    for (const size of SIZES) {
      process.stderr.write(`bench: ${size} documents…\n`);
      const { dir, files, bytes } = corpus(size);
      corpora.push({ documents: size, megabytes: bytes / 1e6 });
      const documents = benchParse(size, files, bytes);
      benchLoad(size, documents);
      const provisioned = benchEndToEnd(size, dir);
      rss[size] = provisioned.rssMb;
      changedIngest[size] = benchIngest(size, files, dir, provisioned);
      benchLookups(size, provisioned.db);
      exportRss[size] = benchExport(size, provisioned.db);
      if (size === SIZES[SIZES.length - 1]) {
        benchStart(size, provisioned.db);
        benchQuery(provisioned.db);
        await benchServe(size, provisioned.db);
      }
    }
    const [small, large] = [SIZES[0]!, SIZES.includes(10_000) ? 10_000 : undefined];
    if (large !== undefined) {
      const ratio = rss[large]! / rss[small]!;
      figures.push({
        name: 'peak RSS growth (10,000 vs 1,000 documents)',
        documents: large,
        unit: '×',
        value: { median: ratio, min: ratio, max: ratio },
        target: '≤ 1.5×',
        pass: ratio <= 1.5,
      });
      const changed = changedIngest[large]!.median / changedIngest[small]!.median;
      figures.push({
        name: 'ingest 1 changed: 10,000 vs 1,000 documents',
        documents: large,
        unit: '×',
        value: { median: changed, min: changed, max: changed },
        target: '≤ 1.5×',
        pass: changed <= 1.5,
      });
      for (const format of EXPORT_BENCH_FORMATS) {
        const growth = exportRss[large]![format]! / exportRss[small]![format]!;
        figures.push({
          name: `export ${format} peak RSS growth (10,000 vs 1,000 documents)`,
          documents: large,
          unit: '×',
          value: { median: growth, min: growth, max: growth },
          target: '≤ 1.5×',
          pass: growth <= 1.5,
        });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    `${JSON.stringify({ date: new Date().toISOString(), machine, corpusSeed: CORPUS_SEED, corpora, figures }, null, 2)}\n`,
  );
  printTable(machine, corpora);
}

function printTable(machine: Record<string, unknown>, corpora: { documents: number; megabytes: number }[]): void {
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  const range = (s: Spread) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
  const rows = figures.map((f) => [
    f.name,
    f.documents === 0 ? '' : f.documents.toLocaleString('en-US'),
    range(f.value),
    f.floor ? `${range(f.floor.value)} ${f.floor.what}` : '',
    f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
    f.target ? `${f.target} ${f.pass ? 'PASS' : 'FAIL'}` : '',
  ]);
  const header = ['figure', 'docs', 'median (min–max)', 'floor, same run', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`machine: ${JSON.stringify(machine)}`);
  console.log(`corpora: ${corpora.map((c) => `${c.documents} documents, ${c.megabytes.toFixed(1)} MB`).join('; ')}`);
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  console.log(`results: ${args.out}`);
}

await main();
