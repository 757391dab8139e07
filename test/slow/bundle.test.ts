/**
 * codebook inside an app bundled the way Lambda, Vercel and Netlify package one: esbuild
 * `--bundle --platform=node --format=esm`, better-sqlite3 left external (a native module). The
 * deployed folder holds the bundle, the app's package.json and better-sqlite3, nothing of codebook's: no package.json, no
 * migrations/, no worker files. Reading needs only the database file; provisioning runs its
 * documents on the app's thread; a query needs its process bundled beside the app, and says so.
 * An app on libSQL (codebook/libsql) deploys @libsql/client alone, no better-sqlite3.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { writeCorpus } from '../../corpus/generate.js';
import { openCodebook } from '../../src/access/codebook.js';
import { ROOT, seedDatabase, tempDir, writeFiles, type CliRun } from '../helpers.js';

/** The package as npm installs it (the transpiled tree of test/setup/transpile.ts). */
const PACKAGE = join(inject('transpiledCli'), '..', '..', '..');

const APP = `
import { openCodebook, provision, runReadOnlyQuery } from 'codebook';
const [command, ...args] = process.argv.slice(2);
if (command === 'provision') {
  console.log(JSON.stringify((await provision(args[0], args[1])).counts));
} else if (command === 'query') {
  const rows = [];
  for await (const batch of await runReadOnlyQuery(args[0], args[1])) rows.push(...batch);
  console.log(JSON.stringify(rows, (_, value) => (typeof value === 'bigint' ? Number(value) : value)));
} else {
  const codebook = openCodebook(args[0]);
  console.log(JSON.stringify(codebook.getCode(args[1])));
  codebook.close();
}
`;

/** An app on libSQL, as a serverless function would use it: no better-sqlite3 deployed. */
const LIBSQL_APP = `
import { openLibsqlCodebook } from 'codebook/libsql';
const codebook = await openLibsqlCodebook(process.argv[2]);
console.log(JSON.stringify(await codebook.getCode(process.argv[3])));
codebook.close();
`;

/**
 * Bundles `app` (and `extraEntries`) into a new deployment folder that has the external `driver`
 * beside it (better-sqlite3, or @libsql/client); returns the folder.
 */
async function deploy(
  extraEntries: readonly string[] = [],
  { app = APP, driver = 'better-sqlite3' }: { app?: string; driver?: string } = {},
): Promise<string> {
  const source = writeFiles(tempDir(), { 'app.mjs': app });
  mkdirSync(join(source, 'node_modules'));
  symlinkSync(PACKAGE, join(source, 'node_modules', 'codebook'));
  const folder = tempDir();
  await build({
    entryPoints: [join(source, 'app.mjs'), ...extraEntries.map((entry) => join(PACKAGE, entry))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: [driver],
    outdir: folder,
    entryNames: '[name]',
    logLevel: 'silent',
  });
  writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(folder, 'node_modules', dirname(driver)), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', driver), join(folder, 'node_modules', driver));
  return folder;
}

const run = (folder: string, args: readonly string[]): CliRun => {
  const { status, stdout, stderr } = spawnSync(process.execPath, [join(folder, 'app.js'), ...args], { cwd: folder, encoding: 'utf8' });
  return { status, stdout, stderr };
};

let app: string;

beforeAll(async () => {
  app = await deploy();
});

describe('an app bundled with esbuild (better-sqlite3 external)', () => {
  it("is one file beside the app's package.json and better-sqlite3: nothing of codebook is deployed", () => {
    expect(readdirSync(app).sort()).toEqual(['app.js', 'node_modules', 'package.json']);
    expect(readdirSync(join(app, 'node_modules'))).toEqual(['better-sqlite3']);
  });

  it('opens the seed database and reads the same record as the data-access layer', async () => {
    const db = await seedDatabase();
    const reader = openCodebook(db);
    const expected = reader.getCode('20956');
    reader.close();
    const read = run(app, ['read', db, '20956']);
    expect(read).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(read.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('provisions a corpus large enough for worker threads, processing its documents on its own thread', () => {
    const dir = tempDir();
    const expected = writeCorpus(join(dir, 'seeds'), { seed: 11, count: 450 });
    const provisioned = run(app, ['provision', join(dir, 'seeds'), join(dir, 'reference.db')]);
    expect(provisioned).toMatchObject({ status: 0, stderr: '' });
    const counts = JSON.parse(provisioned.stdout) as Record<string, number>;
    expect({ ...counts, warningsByRule: expected.warningsByRule }).toEqual(expected);
    expect(run(app, ['read', join(dir, 'reference.db'), 'NO-SUCH-CODE'])).toMatchObject({ status: 0, stdout: 'undefined\n' });
  });

  it('refuses a query, naming the process to bundle beside it; with that process bundled, runs it', async () => {
    const db = await seedDatabase();
    const refused = run(app, ['query', db, 'SELECT code FROM procedures']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'runReadOnlyQuery runs each query in a process of its own, from file://' +
        `${join(app, 'query-process.js')}, which is not there (a bundled app): ` +
        'bundle codebook/dist/access/query-process.js as an entry point of its own, beside the bundle',
    );
    const withProcess = await deploy(['dist/access/query-process.js']);
    expect(run(withProcess, ['query', db, 'SELECT code FROM procedures'])).toMatchObject({ status: 0, stdout: '[["20956"]]\n' });
  });

  it('on libSQL (codebook/libsql, @libsql/client external) reads the same record, with no better-sqlite3 deployed', async () => {
    const db = await seedDatabase();
    const reader = openCodebook(db);
    const expected = reader.getCode('20956');
    reader.close();
    const libsqlApp = await deploy([], { app: LIBSQL_APP, driver: '@libsql/client' });
    expect(readdirSync(join(libsqlApp, 'node_modules'))).toEqual(['@libsql']);
    const read = run(libsqlApp, [db, '20956']);
    expect(read).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(read.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
