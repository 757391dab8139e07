import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/pipeline/parse/document.js';
import { validateDocument } from '../../src/pipeline/validate.js';
import { lineOf, SEED_TEXT, seedWith } from '../helpers.js';
import { processText } from '../../src/pipeline/process.js';

const validate = (text: string) => validateDocument(parseDocument(text).document);

describe('validateDocument on the seed', () => {
  const { model, findings } = validate(SEED_TEXT);

  it('types the document', () => {
    expect(findings).toEqual([]);
    expect(model).toMatchObject({
      code: '20956',
      titleLine: 2,
      title: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
      serviceType: 'Surgical — microvascular reconstructive bone grafting',
      markedAddOn: false,
      sitesOfService: [
        { line: 8, value: 'Hospital operating room' },
        { line: 8, value: 'ambulatory surgery center' },
      ],
      payers: ['Aetna', 'Blue Cross Blue Shield', 'Cigna Health', 'UnitedHealthcare', 'Medicare'].map((value) => ({ line: 4, value })),
    });
  });

  it('makes a table whose every cell is the sentinel an unknown list, not an empty one', () => {
    expect(model?.taxonomies).toEqual({ unknown: 'sentinel', line: 28 });
    expect(model?.diagnoses).toEqual({ unknown: 'sentinel', line: 32 });
  });

  it('makes a sentinel cell an unknown value with its line', () => {
    const modifiers = model?.modifiers;
    expect(Array.isArray(modifiers) && modifiers.find((m) => m.code === '76')).toMatchObject({
      line: 22,
      description: { unknown: 'sentinel', line: 22 },
      whenToUse: { unknown: 'sentinel', line: 22 },
    });
  });
});

describe('validateDocument on bad input', () => {
  it('refuses a document without a title line', () => {
    expect(validate('Summary & Overview\nA summary.')).toEqual({
      model: undefined,
      findings: [
        {
          line: 1,
          severity: 'error',
          rule: 'missing-title',
          message: 'no title line: expected `CPT <code>: <title>` or `HCPCS <code>: <title>`',
        },
      ],
    });
  });

  it('quotes the line that came closest to a title: one that starts with CPT or HCPCS, else one that names a code', () => {
    expect(validate(SEED_TEXT.replace(/^CPT 20956: .*$/m, '')).findings).toEqual([
      {
        line: 3,
        severity: 'error',
        rule: 'missing-title',
        message:
          `no title line: expected \`CPT <code>: <title>\` or \`HCPCS <code>: <title>\`; the closest ` +
          `is line 3: ${JSON.stringify(SEED_TEXT.split('\n')[2]!.slice(0, 159) + '…')}`,
      },
    ]);
    expect(validate('Summary & Overview\nThe code 20956 is described here.\nCode 20956 — Bone graft').findings).toEqual([
      {
        line: 2,
        severity: 'error',
        rule: 'missing-title',
        message:
          'no title line: expected `CPT <code>: <title>` or `HCPCS <code>: <title>`; the closest is line ' +
          '2: "The code 20956 is described here."',
      },
    ]);
  });

  it('refuses an invalid related code, naming its line', () => {
    const text = seedWith((t) => t.replace('27299 |', '2729X |'));
    expect(validate(text).findings).toEqual([
      { line: lineOf(text, '2729X'), severity: 'error', rule: 'invalid-value', message: '"2729X" is not a valid CPT or HCPCS code' },
    ]);
  });

  it('refuses an invalid title code on the title line', () => {
    expect(validate(seedWith((t) => t.replace('CPT 20956:', 'CPT 2095:'))).findings).toEqual([
      { line: 2, severity: 'error', rule: 'invalid-value', message: '"2095" is not a valid CPT or HCPCS code' },
    ]);
  });

  it('refuses an invalid modifier, ICD-10 or NUCC code', () => {
    const text = seedWith((t) =>
      t
        .replace('66 | Surgical team', '666 | Surgical team')
        .replace(`${'| Data not available in the input. '.repeat(3)}|\nRelated Diagnoses`, '| 12345 | Surgeon | n |\nRelated Diagnoses')
        .replace(/(ICD-10 Code[^\n]*\n[^\n]*\n)\| Data not available in the input\. \|/, '$1| XYZ |'),
    );
    expect(validate(text).findings.map((f) => [f.line, f.message])).toEqual([
      [lineOf(text, '666 |'), '"666" is not a modifier (two letters or digits)'],
      [lineOf(text, '| XYZ |'), '"XYZ" is not an ICD-10-CM code'],
      [lineOf(text, '| 12345 |'), '"12345" is not a NUCC taxonomy code (10 characters, ending in X)'],
    ]);
  });
});

describe('validateDocument on variations', () => {
  it('says "section absent" for the lists of a missing section', () => {
    const text = SEED_TEXT.slice(0, SEED_TEXT.indexOf('Related Diagnoses'));
    const { model } = validate(text);
    expect(model?.diagnoses).toEqual({ unknown: 'section absent', line: null });
    expect(model?.relatedCodes).toEqual({ unknown: 'section absent', line: null });
  });

  it('says "not stated" for a field its section leaves out', () => {
    const { model } = validate(seedWith((t) => t.replace(/^Service type: .*\n/m, '')));
    expect(model?.serviceType).toEqual({ unknown: 'not stated', line: 5 });
  });

  it('marks every field of a section that says only the sentinel', () => {
    const text = seedWith((t) =>
      t.replace(
        /Clinical Context\n[^]*?\nCoding Specifications/,
        'Clinical Context\nData not available in the input.\nCoding Specifications',
      ),
    );
    const { model } = validate(text);
    const line = lineOf(text, 'Clinical Context') + 1;
    expect(model?.clinicalVignette).toEqual({ unknown: 'sentinel', line });
    expect(model).toMatchObject({
      preoperativeWorkflow: { unknown: 'sentinel', line },
      intraoperativeWorkflow: { unknown: 'sentinel', line },
      postoperativeWorkflow: { unknown: 'sentinel', line },
    });
  });

  it('keeps an empty table as a known empty list', () => {
    const text = seedWith((t) => t.replace(/(\| ICD-10 Code[^\n]*\n[^\n]*\n)[^\n]*\n/, '$1'));
    expect(validate(text).model?.diagnoses).toEqual([]);
  });

  it('matches columns by header, whatever their order, and reports unknown ones', () => {
    const text = [
      'CPT 20956: T',
      'Coding Specifications',
      '| Modifier | When to Use | Billing Note | Description |',
      '|---|---|---|---|',
      '| 62 | When two | n1 | Two surgeons |',
    ].join('\n');
    const { model, findings } = processText(text, 'seeds/cpt-20956.txt');
    expect(model?.modifiers).toEqual([
      { line: 5, source: '| 62 | When two | n1 | Two surgeons |', code: '62', description: 'Two surgeons', whenToUse: 'When two' },
    ]);
    expect(findings).toEqual([
      {
        line: 3,
        severity: 'warning',
        rule: 'unknown-column',
        message: 'column "Billing Note" is not part of the template and is not stored; its values: "n1"',
      },
    ]);
  });

  it('skips a sentinel-only row among known rows, with a warning', () => {
    const text = [
      'CPT 20956: T',
      'Coding Specifications',
      '| Modifier | Description | When to Use |',
      '|---|---|---|',
      '| 62 | Two | When |',
      '| Data not available in the input. | Data not available in the input. | Data not available in the input. |',
    ].join('\n');
    const { model, findings } = validate(text);
    expect(Array.isArray(model?.modifiers) && model.modifiers.map((m) => m.code)).toEqual(['62']);
    expect(findings).toMatchObject([{ line: 6, rule: 'sentinel-row', severity: 'warning' }]);
  });
});

describe('a line that names only the code', () => {
  const titled = (lines: string) =>
    validate(seedWith((t) => [lines, ...t.split('\n').slice(2)].join('\n').replace(/^/, 'Summary & Overview\n'))).model?.title;

  it('takes its title from the line of text just before it, or just after it', () => {
    expect(titled('Ultrasound, abdominal; complete\n(CPT 76700)')).toBe('Ultrasound, abdominal; complete');
    expect(titled('Billing Code Overview Report — CPT 58558\nHysteroscopy, surgical; with sampling')).toBe(
      'Hysteroscopy, surgical; with sampling',
    );
  });
});

describe('the sentinel at the start of a text', () => {
  /** The seed with its two summary lines (3 and 4) replaced. */
  const summaryOf = (summary: string) =>
    validate(seedWith((t) => [...t.split('\n').slice(0, 2), summary, ...t.split('\n').slice(4)].join('\n')));

  it('on its own line, is its own paragraph: never the first line of the text after it', () => {
    const { model, findings } = summaryOf('Data not available in the input.\nKey payers covered in this analysis include Aetna and Cigna.');
    expect(model?.summary).toBe('Key payers covered in this analysis include Aetna and Cigna.');
    expect(findings.filter((f) => f.rule !== 'duplicate-row')).toEqual([]);
  });

  it('on the same line as more text, is not stored, and that is said', () => {
    const { model, findings } = summaryOf('Data not available in the input. Key payers covered in this analysis include Aetna and Cigna.');
    expect(model?.summary).toBe('Key payers covered in this analysis include Aetna and Cigna.');
    expect(findings.filter((f) => f.rule === 'sentinel-in-text').map((f) => [f.line, f.message])).toEqual([
      [
        3,
        'summary: opens with the sentinel, which is not stored: ' +
          '"Data not available in the input. Key payers covered in this analysis include Aetna and Cigna."',
      ],
    ]);
  });
});
