/**
 * The package as npm builds and installs it: `npm pack` is run here first (its `prepare` builds
 * dist/, so no test ever reads a stale one), then the bin runs as `npx codebook` would, the
 * benchmark, which measures the built CLI, makes a smoke run (100 documents, once; no timing is
 * asserted), and the tarball is installed in a consumer: TypeScript consumers with
 * `moduleResolution` node16, nodenext and bundler and `skipLibCheck: false` type-check against its
 * declarations (better-sqlite3's types come with it: `$client` is typed, not `any`), and CommonJS
 * `require('codebook')` loads it (Node ≥ 20.19, as `engines` says). The consumer's node_modules
 * holds the unpacked tarball and, for its dependencies, links to the project's: no registry is
 * needed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, seedDatabase, tempDir, tsx, writeFiles } from '../helpers.js';

const BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { codebook: string } }).bin.codebook);

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const CONSUMER = `
import { openCodebook, type CodeRecord } from 'codebook';
import type Database from 'better-sqlite3';

type IsAny<T> = 0 extends 1 & T ? true : false;
const codebook = openCodebook(process.argv[2]!);
const record: CodeRecord | undefined = codebook.getCode('20956');
const client: Database.Database = codebook.db.$client;
const clientIsAny: IsAny<typeof codebook.db.$client> = false;
// @ts-expect-error: a code is a string
codebook.getCode(20956);
console.log(record?.title, client.open, clientIsAny);

import { openLibsqlCodebook, type AsyncCodebook } from 'codebook/libsql';
async function overLibsql(): Promise<CodeRecord | undefined> {
  const remote: AsyncCodebook = await openLibsqlCodebook({ url: 'libsql://example.turso.io', authToken: 'token' });
  // @ts-expect-error: its reads return promises
  const wrong: CodeRecord | undefined = remote.getCode('20956');
  void wrong;
  return remote.getCode('20956');
}
void overLibsql;
`;

const RESOLUTIONS = { node16: 'node16', nodenext: 'nodenext', bundler: 'esnext' } as const;

let consumer: string;
let tarball: string;
/** Each resolution's type check, all started at once. */
let typeChecks: Record<string, Promise<string[]>>;

beforeAll(() => {
  const packed = tempDir();
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', packed], { cwd: ROOT, encoding: 'utf8' });
  expect(pack.status, pack.stdout + pack.stderr).toBe(0);
  tarball = join(packed, (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string }[])[0]!.filename);
  consumer = writeFiles(tempDir(), { 'package.json': '{ "type": "module" }\n', 'index.ts': CONSUMER });
  const modules = join(consumer, 'node_modules');
  mkdirSync(join(modules, 'codebook'), { recursive: true });
  expect(spawnSync('tar', ['-xzf', tarball, '-C', join(modules, 'codebook'), '--strip-components=1']).status).toBe(0);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== 'codebook' && !name.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  for (const [resolution, module] of Object.entries(RESOLUTIONS)) {
    writeFileSync(
      join(consumer, `tsconfig.${resolution}.json`),
      JSON.stringify({
        compilerOptions: { module, moduleResolution: resolution, target: 'es2022', strict: true, skipLibCheck: false, noEmit: true },
        files: ['index.ts'],
      }),
    );
  }
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
      ...['ndjson', 'csv', 'parquet', 'fhir'].flatMap((format) => [`export ${format} (s)`, `export ${format} peak RSS (MB)`]),
      'CLI start: codebook show (ms)',
      'query 20,000 rows, ndjson (rows/s)',
      'query peak RSS growth (20,000 vs 2,000 rows)',
      "serve: a code's page (requests/s)",
      'serve: /api/codes/{code} (requests/s)',
      "serve: a code's page, not kept (requests/s)",
      'serve: /api/codes/{code}, not kept (requests/s)',
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

/** tsc's diagnostics for the consumer with `resolution`, one per entry (continuation lines joined). */
const typeCheck = (resolution: string) =>
  new Promise<string[]>((resolve) => {
    const child = spawn(process.execPath, [TSC, '-p', `tsconfig.${resolution}.json`, '--pretty', 'false'], { cwd: consumer });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.on('close', () => resolve(output.split(/\n(?=\S)/).filter((entry) => entry.trim() !== '')));
  });

describe('the packed package', () => {
  // Started here, after the benchmark, one after another: each checks all of drizzle-orm's
  // declarations (about half a minute of one core), and the other tests share the cores.
  beforeAll(() => {
    let previous: Promise<unknown> = Promise.resolve();
    typeChecks = Object.fromEntries(
      Object.keys(RESOLUTIONS).map((resolution) => {
        const check = previous.then(() => typeCheck(resolution));
        previous = check;
        return [resolution, check];
      }),
    );
  });

  it('holds the built code, its declarations and the README, and is publishable (no private flag, engines stated)', () => {
    const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n');
    expect(list).toEqual(expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/README.md']));
    expect(list.filter((path) => path.startsWith('package/src/') || path.startsWith('package/test/'))).toEqual([]);
    // Built from a clean dist/ (prepack empties it): no module of a source file that is gone.
    const modules = list.filter((path) => /^package\/dist\/.*\.js$/.test(path));
    expect(modules.filter((path) => !existsSync(join(ROOT, 'src', path.slice('package/dist/'.length).replace(/\.js$/, '.ts'))))).toEqual(
      [],
    );
    expect(modules.length).toBeGreaterThan(50);
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', 'codebook', 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.private).toBeUndefined();
    expect(manifest.engines).toEqual({ node: '^20.19.0 || >=22.12.0' });
    expect(Object.keys(manifest.dependencies as object)).toContain('@types/better-sqlite3');
  });

  it.each(Object.keys(RESOLUTIONS))(
    'type-checks a consumer with moduleResolution %s and skipLibCheck false: no error in its code or codebook’s declarations',
    async (resolution) => {
      // drizzle-orm 0.45's own declarations do not pass skipLibCheck: false (they import optional
      // peers such as gel and mysql2: drizzle-team/drizzle-orm#5187); everything else must.
      const inDrizzle = (entry: string) => entry.slice(0, entry.indexOf('(')).includes('node_modules/drizzle-orm/');
      expect((await typeChecks[resolution]!).filter((entry) => !inDrizzle(entry))).toEqual([]);
    },
    240_000,
  );

  it('is loaded by CommonJS require() and reads the seed database', async () => {
    const db = await seedDatabase();
    const run = spawnSync(
      process.execPath,
      ['-e', `const { openCodebook } = require('codebook'); console.log(openCodebook(${JSON.stringify(db)}).getCode('20956').title)`],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect(run).toMatchObject({ status: 0, stdout: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis\n' });
  });
});

describe('npm prepare', () => {
  it('uses the built dist/ where TypeScript is not installed (an install from a local path), and says what is missing without it', () => {
    const copy = tempDir();
    cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
    cpSync(join(ROOT, 'scripts', 'prepare.mjs'), join(copy, 'scripts', 'prepare.mjs'));
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    const prepare = () => spawnSync('npm', ['run', '--silent', 'prepare'], { cwd: copy, encoding: 'utf8' });
    expect(prepare()).toMatchObject({ status: 0, stdout: 'codebook: TypeScript is not installed here; using the dist/ that was built\n' });
    rmSync(join(copy, 'dist'), { recursive: true });
    expect(prepare()).toMatchObject({
      status: 1,
      stderr: expect.stringContaining(
        'codebook: dist/ is not built and TypeScript is not installed: run `npm install` (with devDependencies) in the package first\n',
      ) as string,
    });
  });
});
