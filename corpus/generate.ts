/**
 * A deterministic corpus of billing code overview documents, for tests and benchmarks: one
 * document per code, of every code form, written in every way the template allows, with what
 * provisioning it must give — the exact row counts and warnings — computed from the documents'
 * descriptions, not by running the pipeline. The same seed gives byte-identical files.
 *
 * Its three concerns have a module each: drawing codes (codes.ts), describing documents
 * (describe.ts, written out by render.ts) and the counts provisioning must give (expected.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { classifyCode } from '../src/domain/codes.js';
import { codeSource, icd10Pool, nuccPool, pathOf, type Pools } from './codes.js';
import { describeDocument, randomStyle, rangeRowsOf, unknownSectionsOf } from './describe.js';
import type { DocumentDescription } from './description.js';
import { expectedCounts, type ExpectedCounts } from './expected.js';
import { createRandom } from './random.js';
import { encodeDocument, renderWithWarnings, type DocumentExtras, type ExpectedWarnings, type RenderStyle } from './render.js';

export type { ExpectedCounts } from './expected.js';
export { documentWarnings } from './expected.js';

export interface CorpusOptions {
  readonly seed: number;
  /** How many documents, one per code; at most MAX_DOCUMENTS. */
  readonly count: number;
}

/** Codes of each form are drawn from the whole format (10,000 of `dddd`F, T and U), which this many documents leave room in. */
export const MAX_DOCUMENTS = 50_000;

export interface CorpusFile {
  /** Relative to the corpus folder, with `/`. */
  readonly path: string;
  /** The file's bytes: UTF-8, or UTF-16 when its style says. */
  readonly content: Buffer;
}

export interface GeneratedDocument {
  readonly path: string;
  readonly description: DocumentDescription;
  readonly style: RenderStyle;
  /** What it says that its description does not hold: unknown sections, rows naming a range of codes. */
  readonly extras: Required<DocumentExtras>;
  /** How many fillers (`to name a few`) its payer sentence ends with: not payers, reported. */
  readonly payerFillers: number;
  /** The warnings what its style writes must draw (an extra column, a zero-width space...), by rule. */
  readonly styleWarnings: ExpectedWarnings;
}

export interface Corpus {
  /** In sorted path order, the order provisioning reads them in. */
  readonly files: CorpusFile[];
  readonly documents: GeneratedDocument[];
  readonly expected: ExpectedCounts;
}

export function generateCorpus({ seed, count }: CorpusOptions): Corpus {
  if (!Number.isInteger(count) || count < 1 || count > MAX_DOCUMENTS) {
    throw new RangeError(`a corpus has 1 to ${MAX_DOCUMENTS} documents, not ${count}`);
  }
  const random = createRandom(seed);
  const newCode = codeSource(random);
  const documented = Array.from({ length: count }, () => newCode());
  const pools: Pools = {
    documented,
    external: Array.from({ length: Math.ceil(count / 3) + 20 }, () => newCode()),
    diagnoses: icd10Pool(random, Math.min(600, 40 + Math.ceil(count / 8))),
    taxonomies: nuccPool(random, 80),
  };
  const rendered = documented.map((code) => {
    const { description, payerFillers } = describeDocument(random, code, pools);
    const named = random.chance(0.01) ? newCode(classifyCode(code)!.category) : code;
    const extras = { unknownSections: unknownSectionsOf(random), rangeRows: rangeRowsOf(random, description, pools) };
    const style = randomStyle(random);
    const { text, warnings } = renderWithWarnings(description, style, extras);
    const document: GeneratedDocument = { path: pathOf(code, named), description, style, extras, payerFillers, styleWarnings: warnings };
    return { document, content: encodeDocument(text, style) };
  });
  rendered.sort((a, b) => (a.document.path < b.document.path ? -1 : a.document.path > b.document.path ? 1 : 0));
  const documents = rendered.map((r) => r.document);
  return {
    files: rendered.map((r) => ({ path: r.document.path, content: r.content })),
    documents,
    expected: expectedCounts(documents),
  };
}

/** Writes the corpus of `options` (or one already generated) under `dir` (created when missing); returns what provisioning it must give. */
export function writeCorpus(dir: string, corpus: CorpusOptions | Corpus): ExpectedCounts {
  const { files, expected } = 'files' in corpus ? corpus : generateCorpus(corpus);
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return expected;
}
