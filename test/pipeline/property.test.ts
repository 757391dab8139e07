/**
 * Properties of the pipeline over generated input (fast-check, fixed seeds so CI runs the same
 * cases every time): no text makes a stage throw, and a document model written out as the
 * template's text, in any style, reads back as the same model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentWarnings, generateCorpus } from '../../corpus/generate.js';
import { renderDocument, renderWithWarnings, type ExpectedWarnings } from '../../corpus/render.js';
import { styleArbitrary } from '../corpus/styles.js';
import type { Finding } from '../../src/pipeline/diagnostics.js';
import { hasErrors } from '../../src/pipeline/diagnostics.js';
import { SEED_TEXT } from '../helpers.js';
import { processText } from '../../src/pipeline/process.js';
import { modelOf, withoutLocations } from './text.js';

const RUNS = { seed: 20956, numRuns: 150 } as const;

/** Findings counted by rule, as the generator's expectations are. */
const byRule = (findings: readonly Finding[]): ExpectedWarnings => {
  const counts: ExpectedWarnings = {};
  for (const { rule } of findings) counts[rule] = (counts[rule] ?? 0) + 1;
  return counts;
};

const SEED_LINES = SEED_TEXT.split('\n');

/** Lines the template is made of, for texts that look like documents more often than random ones do. */
const TEMPLATE_LINES = [
  ...SEED_LINES,
  '',
  '## Related HCPCS Codes',
  '**Coding Specifications**',
  'Payment Policy Notes',
  'HCPCS G0121: Screening',
  'CPT 0042T',
  '| Modifier | Description | When to Use |',
  '|:---|---:|:-:|',
  '| 62 | A \\| B | |',
  '| 207X00000 | Orthopaedic Surgery | n |',
  '| M1711 | Osteoarthritis | r |',
  'Service type:',
  'Data not available in the input.',
  'Key payers covered in this analysis include Data not available in the input.',
  'Preoperative workflow includes Intraoperative workflow includes',
];

const anyLine = fc.oneof(fc.constantFrom(...TEMPLATE_LINES), fc.string({ unit: 'binary', maxLength: 80 }));

/** One edit of a document's lines. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), line: anyLine }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    offset: fc.nat(),
    text: fc.oneof(fc.constantFrom('|', '\\|', ' | ', '\r', '\t', '\u00A0'), fc.string({ unit: 'binary', maxLength: 8 })),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(lines: readonly string[], edit: Mutation): string[] {
  const out = [...lines];
  const at = out.length === 0 ? 0 : edit.at % out.length;
  switch (edit.kind) {
    case 'delete':
      out.splice(at, 1);
      break;
    case 'duplicate':
      out.splice(at, 0, out[at] ?? '');
      break;
    case 'swap': {
      const other = out.length === 0 ? 0 : edit.with % out.length;
      [out[at], out[other]] = [out[other] ?? '', out[at] ?? ''];
      break;
    }
    case 'insert':
      out.splice(at, 0, edit.line);
      break;
    case 'splice': {
      const line = out[at] ?? '';
      const offset = edit.offset % (line.length + 1);
      out[at] = `${line.slice(0, offset)}${edit.text}${line.slice(offset)}`;
      break;
    }
  }
  return out;
}

/** Every stage runs; the result is a model, or an error that says why there is none; lines are lines of the text. */
function assertReadable(text: string): void {
  const { model, rows, findings } = processText(text, 'seeds/cpt-20956.txt');
  expect(model === undefined ? hasErrors(findings) : rows !== undefined).toBe(true);
  const lineCount = text.split('\n').length;
  for (const finding of findings) {
    expect(finding.line === null || (Number.isInteger(finding.line) && finding.line >= 1 && finding.line <= lineCount)).toBe(true);
  }
}

describe('no text makes the pipeline throw', () => {
  it('for arbitrary unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), assertReadable), RUNS);
  });

  it('for texts made of template lines and random ones', () => {
    const lines = fc.array(anyLine, { maxLength: 60 });
    fc.assert(
      fc.property(lines, fc.constantFrom('\n', '\r\n'), (chosen, ending) => assertReadable(chosen.join(ending))),
      RUNS,
    );
  });

  it('for the seed with lines deleted, duplicated, swapped, inserted and edited', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 12 }), (edits) =>
        assertReadable(edits.reduce(mutate, SEED_LINES).join('\n')),
      ),
      RUNS,
    );
  });

  it('for the seed with its lines shuffled', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(SEED_LINES, { minLength: 1 }), (lines) => assertReadable(lines.join('\n'))),
      RUNS,
    );
  });
});

describe('a document model written as the template reads back as the same model', () => {
  const seed = modelOf(SEED_TEXT);

  it('for the seed, in any style, with exactly the warnings the style makes', () => {
    fc.assert(
      fc.property(styleArbitrary, (style) => {
        const { text, warnings } = renderWithWarnings(seed.model, style);
        const { model, findings } = modelOf(text);
        expect(withoutLocations(model)).toEqual(withoutLocations(seed.model));
        const expected: ExpectedWarnings = { ...warnings, 'duplicate-row': 1 };
        if (style.titleWord === 'HCPCS') expected['title-system-mismatch'] = 1;
        expect(byRule(findings)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('for generated documents, in their own style and in any other, with exactly the warnings they are made to have', () => {
    fc.assert(
      fc.property(fc.integer(), styleArbitrary, (corpusSeed, otherStyle) => {
        for (const document of generateCorpus({ seed: corpusSeed, count: 3 }).documents) {
          for (const written of [document.style, otherStyle]) {
            const { text, warnings } = renderWithWarnings(document.description, written, document.extras);
            const { model, findings } = modelOf(text, document.path);
            expect(withoutLocations(model)).toEqual(withoutLocations(document.description));
            expect(byRule(findings)).toEqual(documentWarnings(document, written, warnings));
          }
        }
      }),
      RUNS,
    );
  });

  it('for models read from generated documents, written again in any style', () => {
    fc.assert(
      fc.property(fc.integer(), styleArbitrary, (corpusSeed, otherStyle) => {
        for (const { description, style } of generateCorpus({ seed: corpusSeed, count: 3 }).documents) {
          const first = modelOf(renderDocument(description, style)).model;
          const again = modelOf(renderDocument(first, otherStyle)).model;
          expect(withoutLocations(again)).toEqual(withoutLocations(first));
        }
      }),
      RUNS,
    );
  });
});
