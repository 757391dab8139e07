/** A large generated corpus: every style and shape, provisioned with exactly the rows and warnings its generator expects. */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentDescription, Value } from '../../corpus/description.js';
import { generateCorpus } from '../../corpus/generate.js';
import { STYLE_CHOICES } from '../../corpus/render.js';
import { classifyCode } from '../../src/domain/codes.js';
import { isUnknown } from '../../src/domain/unknowns.js';
import { provisionCorpus } from '../corpus/provision-corpus.js';

describe('a corpus of 5,000 documents', () => {
  const options = { seed: 20956, count: 5000 };
  const corpus = generateCorpus(options);
  const { documents, files } = corpus;
  const lists = (pick: (d: DocumentDescription) => Value<readonly unknown[]>) => documents.map((d) => pick(d.description));
  const reasons = (values: readonly Value<unknown>[]) =>
    new Set(values.map((v) => (isUnknown(v) ? v.unknown : Array.isArray(v) && v.length === 0 ? 'empty' : 'known')));

  it('provisions with no errors and exactly the expected rows of every table, and warnings by rule', async () => {
    const { expected, actual, duplicateMessages } = await provisionCorpus(corpus);
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
