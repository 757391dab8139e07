import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import { runReadOnlyQuery } from '../src/access/query.js';
import { runCli } from '../src/cli/program.js';
import { provision } from '../src/pipeline/provision.js';
import { TOOL_VERSION } from '../src/version.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const SEED_PATH = join(ROOT, 'seeds', 'cpt-20956.txt');
export const SEED_TEXT = readFileSync(SEED_PATH, 'utf8');

/**
 * Every temporary folder of this test process is made under one, removed when the process ends:
 * test files may share a process (the fast project does not isolate them), and the seed project
 * of provisionedSeeds() lives as long as the process.
 */
const TEMPORARY_ROOT = mkdtempSync(join(tmpdir(), 'codebook-test-'));
process.on('exit', () => rmSync(TEMPORARY_ROOT, { recursive: true, force: true }));

/** A fresh temporary folder, removed when the test process ends. */
export function tempDir(): string {
  return mkdtempSync(join(TEMPORARY_ROOT, 'dir-'));
}

/** Writes `files` (relative path → text or bytes) under `dir`; returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): string {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** The seed document with `edit` applied, for variations of the one real document. */
export const seedWith = (edit: (text: string) => string): string => edit(SEED_TEXT);

/** The line number (1-based) of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`no line contains ${needle}`);
  return index + 1;
}

/** tsx's loader by absolute URL, so the CLI runs from source in any working directory. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript file with node and tsx, in `cwd`; `codebook` imported by name is the source
 * (tsconfig.check.json's paths), never a built dist/.
 */
export function tsx(
  file: string,
  args: readonly string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): CliRun {
  const run = spawnSync(process.execPath, ['--import', TSX_LOADER, file, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.check.json'), ...options.env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Text written to it, kept; a terminal if it says so. */
export class CapturedOutput extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super({ decodeStrings: false });
  }
  override _write(chunk: unknown, _encoding: BufferEncoding, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

/**
 * Runs `codebook …` in this process, as it would run in `cwd` (the directory is changed for the
 * call, as click's CliRunner does: paths in arguments and output stay relative), with `input` as
 * standard input; its output is captured.
 */
export async function codebook(args: readonly string[], options: { cwd?: string; input?: string } = {}): Promise<CliRun> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const previous = process.cwd();
  if (options.cwd !== undefined) process.chdir(options.cwd);
  try {
    const status = await runCli(args, { stdout, stderr, readStdin: () => options.input ?? '' });
    return { status, stdout: stdout.text, stderr: stderr.text };
  } finally {
    process.chdir(previous);
  }
}

/**
 * The command line that runs the CLI in a process of its own: the source as it is now, transpiled
 * by the tests' global setup (test/setup/transpile.ts), so it starts as fast as the built CLI.
 */
export const CLI_COMMAND: readonly string[] = [process.execPath, inject('transpiledCli')];

/** Runs the CLI in a process of its own (CLI_COMMAND), in `cwd`: for what only a process shows (its exit status, signals). */
export function spawnCodebook(args: readonly string[], options: { cwd?: string; input?: string } = {}): CliRun {
  const run = spawnSync(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let seedProject: Promise<string> | undefined;

/**
 * A project folder with the seeds provisioned into data/reference.db, as after `npm run provision`:
 * made once per test file, and only read. Copy it to change it.
 */
export function provisionedSeeds(): Promise<string> {
  seedProject ??= (async () => {
    const cwd = tempDir();
    cpSync(join(ROOT, 'seeds'), join(cwd, 'seeds'), { recursive: true });
    const run = await codebook(['provision'], { cwd });
    if (run.status !== 0) throw new Error(`provisioning the seeds failed: ${run.stderr}`);
    return cwd;
  })();
  return seedProject;
}

/** The seed database of `provisionedSeeds()`. */
export const seedDatabase = async (): Promise<string> => join(await provisionedSeeds(), 'data/reference.db');

/** Provisions `seeds` (a folder) into a new database in a temporary folder; returns its path. */
export async function provisioned(seeds: string): Promise<string> {
  const db = join(tempDir(), 'reference.db');
  await provision(seeds, db);
  return db;
}

type Row3 = readonly [string, string, string];

export interface DocumentSpec {
  code: string;
  system?: 'CPT' | 'HCPCS';
  title?: string;
  summary?: string;
  payers?: string;
  serviceType?: string;
  sites?: string;
  vignette?: string;
  modifiers?: readonly Row3[];
  taxonomies?: readonly Row3[];
  diagnoses?: readonly Row3[];
  /** Rows after the document's own row. */
  related?: readonly Row3[];
  descriptor?: string;
}

const table = (header: string, rows: readonly Row3[]) => [`| ${header} |`, '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)];

/** A document in the template, written from a few facts; the rest is plain filler. */
export function makeDocument(spec: DocumentSpec): string {
  const system = spec.system ?? 'CPT';
  return [
    'Summary & Overview',
    `${system} ${spec.code}: ${spec.title ?? `Procedure ${spec.code}`}`,
    spec.summary ?? `Code ${spec.code} is a procedure.`,
    `Key payers covered in this analysis include ${spec.payers ?? 'Aetna and Medicare'}. More text.`,
    'Billing Code Overview',
    `Code ${spec.code} is billed once.`,
    `Service type: ${spec.serviceType ?? 'Surgical'}`,
    `Typical site of service: ${spec.sites ?? 'Office'}`,
    'Clinical & Coding Specifications',
    'Clinical Context',
    spec.vignette ?? 'A patient presents.',
    'Preoperative workflow includes consent. Intraoperative workflow includes the procedure. Postoperative workflow includes follow-up.',
    'Coding Specifications',
    ...table('Modifier | Description | When to Use', spec.modifiers ?? []),
    ...table('Taxonomy Code | Specialty | Notes', spec.taxonomies ?? []),
    'Related Diagnoses',
    ...table('ICD-10 Code | Description | Clinical Relevance', spec.diagnoses ?? []),
    'Related CPT Codes',
    ...table('CPT Code | Description | Relationship to This Procedure', [
      [spec.code, spec.descriptor ?? `Descriptor of ${spec.code}`, 'Primary procedure.'],
      ...(spec.related ?? []),
    ]),
  ].join('\n');
}

/** Every row of a read-only query, for tests of small results. */
export async function queryAll(db: string, sql: string, params: Record<string, unknown> = {}) {
  const result = await runReadOnlyQuery(db, sql, { params });
  const rows: unknown[][] = [];
  for await (const batch of result) for (const row of batch) rows.push(row);
  return { columns: result.columns, rows };
}

/**
 * Whether this process may make mounts in a private mount namespace (`unshare -m`, as root):
 * then tests can use a read-only bind mount, a bind-mounted file, or a tiny tmpfs, and the mounts
 * vanish with the namespace whatever happens.
 */
export const CAN_MOUNT = (() => {
  const probe = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt'], { encoding: 'utf8' });
  return probe.status === 0;
})();

/** Runs `script` (sh) in a private mount namespace, with `args` as $1…; its mounts are gone when it ends. */
export function inMountNamespace(script: string, args: readonly string[] = []): CliRun {
  const run = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The command line that runs a TypeScript file, for scripts. */
export const TSX_COMMAND = [process.execPath, '--import', TSX_LOADER];

export const sha256 = (bytes: string | Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The build manifest of the database at `db`, read by the data-access layer. */
export const manifestOf = (db: string) => {
  const codebook = openCodebook(db);
  try {
    return codebook.manifest();
  } finally {
    codebook.close();
  }
};

/** The edition id of a corpus of loaded documents, computed as the manifest documents it (README, info --json). */
export const editionOf = (paths: readonly string[]): string =>
  sha256(
    `codebook edition 1\ntool ${TOOL_VERSION}\nmigration 0007_schema_descriptions\n` +
      [...paths]
        .sort()
        .map((path) => `loaded\t${path}\t${sha256(readFileSync(path))}\n`)
        .join(''),
  );
