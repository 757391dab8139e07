import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import { runReadOnlyQuery } from '../src/access/query.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const SEED_PATH = join(ROOT, 'seeds', 'cpt-20956.txt');
export const SEED_TEXT = readFileSync(SEED_PATH, 'utf8');

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test file is done. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'codebook-test-'));
  made.push(dir);
  return dir;
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

/** Runs a TypeScript file with node and tsx, in `cwd`. */
export function tsx(file: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): CliRun {
  const run = spawnSync(process.execPath, ['--import', TSX_LOADER, file, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs the CLI from source, as `codebook …` would, in `cwd`. */
export const codebook = (args: readonly string[], options: { cwd?: string; input?: string } = {}): CliRun =>
  tsx(join(ROOT, 'src/cli/main.ts'), args, options);

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

/** The command line that runs the CLI from source, for scripts. */
export const CLI_COMMAND = [process.execPath, '--import', TSX_LOADER, join(ROOT, 'src/cli/main.ts')];
export const TSX_COMMAND = [process.execPath, '--import', TSX_LOADER];
