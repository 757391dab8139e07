import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generateCorpus, MAX_DOCUMENTS, writeCorpus, type CorpusOptions, type ExpectedCounts } from '../../corpus/generate.js';
import type { DocumentDescription, Value } from '../../corpus/description.js';
import { STYLE_CHOICES } from '../../corpus/render.js';
import { isUnknown } from '../../src/domain/unknowns.js';
import { classifyCode } from '../../src/domain/codes.js';
import { provision } from '../../src/pipeline/provision.js';
import { tempDir } from '../helpers.js';

/** Every file under `dir`, by relative path. */
function filesUnder(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name)));
  }
  return found;
}

const TABLES = {
  documents: 'source_documents',
  rejectedDocuments: 'rejected_documents',
  codes: 'codes',
  modifiers: 'modifiers',
  relationships: 'code_relationships',
  diagnoses: 'diagnoses',
  taxonomies: 'taxonomies',
  payers: 'payers',
  unknownValues: 'unknown_values',
  diagnostics: 'document_diagnostics',
} as const satisfies Record<Exclude<keyof ExpectedCounts, 'warningsByRule'>, string>;

/** Provisions a written corpus; returns what the database holds, counted by SQL, and the duplicate-row messages. */
async function provisionCorpus(options: CorpusOptions) {
  const dir = tempDir();
  const expected = writeCorpus(join(dir, 'seeds'), options);
  const report = await provision(join(dir, 'seeds'), join(dir, 'reference.db'));
  const db = new Database(join(dir, 'reference.db'), { readonly: true });
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const counts = Object.fromEntries(Object.entries(TABLES).map(([name, table]) => [name, count(table)]));
  const warningsByRule = Object.fromEntries(
    db.prepare('SELECT rule, count(*) FROM document_diagnostics GROUP BY rule ORDER BY rule').raw().all() as [string, number][],
  );
  const duplicateMessages = db.prepare(`SELECT message FROM document_diagnostics WHERE rule = 'duplicate-row'`).pluck().all() as string[];
  db.close();
  return { expected, report, actual: { ...counts, warningsByRule }, duplicateMessages };
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
    expect(() => generateCorpus({ seed: 1, count: MAX_DOCUMENTS + 1 })).toThrow(new RangeError('a corpus has 1 to 50000 documents, not 50001'));
    expect(() => generateCorpus({ seed: 1, count: 0 })).toThrow(RangeError);
  });

  it.each([1, 2, 3])('provisions a small corpus (seed %i) with exactly the expected rows and warnings', async (seed) => {
    const { expected, actual, report } = await provisionCorpus({ seed, count: 300 });
    expect(actual).toEqual(expected);
    expect(report.warnings).toHaveLength(expected.diagnostics);
  });
});

describe('a corpus of 5,000 documents', () => {
  const options = { seed: 20956, count: 5000 };
  const { documents, files } = generateCorpus(options);
  const lists = (pick: (d: DocumentDescription) => Value<readonly unknown[]>) => documents.map((d) => pick(d.description));
  const reasons = (values: readonly Value<unknown>[]) => new Set(values.map((v) => (isUnknown(v) ? v.unknown : Array.isArray(v) && v.length === 0 ? 'empty' : 'known')));

  it('provisions with no errors and exactly the expected rows of every table, and warnings by rule', async () => {
    const { expected, actual, duplicateMessages } = await provisionCorpus(options);
    expect(actual).toEqual(expected);
    expect(Object.keys(expected.warningsByRule)).toEqual([
      'catalog-conflict',
      'code-list',
      'code-range',
      'duplicate-item',
      'duplicate-row',
      'invisible-characters',
      'list-filler',
      'nucc-missing-x',
      'placeholder',
      'title-file-mismatch',
      'title-system-mismatch',
      'unknown-column',
      'unknown-heading',
      'utf-16',
    ]);
    expect(duplicateMessages.some((m) => m.startsWith('exact duplicate'))).toBe(true);
    expect(duplicateMessages.some((m) => m.startsWith('conflicting duplicate'))).toBe(true);
  });

  it('has one document per code, of every code form, named after it in a few folders', async () => {
    expect(new Set(documents.map((d) => d.description.code)).size).toBe(options.count);
    expect(new Set(documents.map((d) => classifyCode(d.description.code)?.category))).toEqual(
      new Set(['Category I', 'Category II', 'Category III', 'PLA', 'Level II']),
    );
    for (const { path } of files) expect(path).toMatch(/^(cpt\/[a-z-]+(\/\dxxxx)?\/cpt|hcpcs\/hcpcs)-[0-9A-Z]{5}\.txt$/);
    expect(new Set(files.map((f) => dirname(f.path))).size).toBeGreaterThanOrEqual(10);
  });

  it('writes every style the renderer knows, CRLF and byte-order marks included', async () => {
    for (const [key, choices] of Object.entries(STYLE_CHOICES)) {
      expect(new Set(documents.map((d) => d.style[key as keyof typeof STYLE_CHOICES])), key).toEqual(new Set<unknown>(choices));
    }
    expect(files.some((f) => f.content.toString('utf8').startsWith('\uFEFF') && f.content.includes('\r\n'))).toBe(true);
    expect(documents.some((d) => d.style.sectionOrder[0] !== 'summary')).toBe(true);
    expect(documents.some((d) => d.extras.unknownSections.length > 0)).toBe(true);
  });

  it('has lists known, empty, all sentinels, placeholders, left out and absent; 0–15 modifiers and 0–12 related codes', async () => {
    for (const pick of [
      (d: DocumentDescription) => d.modifiers,
      (d: DocumentDescription) => d.relatedCodes,
      (d: DocumentDescription) => d.diagnoses,
      (d: DocumentDescription) => d.taxonomies,
    ]) {
      expect(reasons(lists(pick))).toEqual(new Set(['known', 'empty', 'sentinel', 'not stated', 'section absent', 'placeholder']));
    }
    const distinct = (items: readonly { code: unknown }[]) => new Set(items.map((i) => JSON.stringify(i.code))).size;
    const modifierCounts = documents.flatMap(({ description: { modifiers } }) => (isUnknown(modifiers) ? [] : [distinct(modifiers)]));
    expect([Math.min(...modifierCounts), Math.max(...modifierCounts)]).toEqual([0, 15]);
    const relatedCounts = documents.flatMap(({ description: { code, relatedCodes } }) =>
      isUnknown(relatedCodes) ? [] : [distinct(relatedCodes.filter((r) => r.code !== code))],
    );
    expect([Math.min(...relatedCounts), Math.max(...relatedCounts)]).toEqual([0, 12]);
  });

  it('has documents that relate to each other, and rows with some values unknown', async () => {
    const documented = new Set(documents.map((d) => d.description.code));
    const crossReferences = documents.flatMap(({ description: { code, relatedCodes } }) =>
      isUnknown(relatedCodes) ? [] : relatedCodes.filter((r) => r.code !== code && documented.has(r.code)),
    );
    expect(crossReferences.length).toBeGreaterThan(1000);
    const partlyUnknown = documents.flatMap(({ description: { modifiers } }) =>
      isUnknown(modifiers) ? [] : modifiers.filter((m) => isUnknown(m.description) !== isUnknown(m.whenToUse)),
    );
    expect(partlyUnknown.length).toBeGreaterThan(100);
  });
});
