/**
 * The benchmark's corpora, generated once and cached under bench/corpus/: the seeded generator's
 * as it is now, and — for comparing the parser with what it was before issue 8 — the documents
 * the generator of that time wrote, with its own code, taken from git.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeCorpus } from '../corpus/generate.js';
import { listDocuments } from '../src/pipeline/read.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const CORPUS_SEED = 20956;
const CACHE = join(ROOT, 'bench/corpus');

export interface Corpus {
  readonly dir: string;
  readonly files: string[];
  readonly bytes: number;
}

/** The generator's sources, hashed: a cached corpus is one the generator as it is now wrote. */
function generatorVersion(folder: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(folder).sort()) hash.update(readFileSync(join(folder, file)));
  return hash.digest('hex').slice(0, 12);
}

/** `dir`, written by `write` unless it holds what `version` wrote already. */
function cached(dir: string, version: string, write: (dir: string) => void): Corpus {
  const complete = join(dir, '.complete');
  if (!existsSync(complete) || readFileSync(complete, 'utf8') !== version) {
    rmSync(dir, { recursive: true, force: true });
    write(dir);
    writeFileSync(complete, version);
  }
  const files = listDocuments([dir]);
  return { dir, files, bytes: files.reduce((sum, f) => sum + statSync(f).size, 0) };
}

/** `size` documents of the seeded generator as it is now. */
export function corpus(size: number): Corpus {
  const version = generatorVersion(join(ROOT, 'corpus'));
  return cached(join(CACHE, `${size}-seed${CORPUS_SEED}`), version, (dir) => writeCorpus(dir, { seed: CORPUS_SEED, count: size }));
}

/**
 * The last commit before issue 8 (the parser for other generators' styles): the "before" of the
 * parse figures in BENCHMARKS.md.
 */
export const BEFORE_ISSUE_8 = '5e731d4';

/**
 * The sources of `commit` (its `src/`), from git, under bench/corpus/.code-<commit>/ (ignored by
 * the type check, the linter and git); their imports resolve to this checkout's node_modules.
 */
export function sourcesAt(commit: string): string {
  const dir = join(CACHE, `.code-${commit}`);
  if (!existsSync(join(dir, '.complete'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', '--format=tar', commit, 'src'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    writeFileSync(join(dir, '.complete'), commit);
  }
  return join(dir, 'src');
}

/** `size` documents as the generator of `commit` wrote them, same seed. */
export async function corpusAt(commit: string, size: number): Promise<Corpus> {
  const sources = sourcesAt(commit);
  const generator = (await import(join(sources, 'corpus/generate.ts'))) as { writeCorpus: typeof writeCorpus };
  const dir = join(CACHE, `${size}-seed${CORPUS_SEED}-at-${commit}`);
  return cached(dir, commit, (target) => generator.writeCorpus(target, { seed: CORPUS_SEED, count: size }));
}
