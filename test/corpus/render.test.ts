import { describe, expect, it } from 'vitest';
import type { DocumentDescription } from '../../corpus/description.js';
import { renderDocument, TEMPLATE_STYLE } from '../../corpus/render.js';
import { SEED_TEXT } from '../helpers.js';
import { modelOf, withoutLocations } from '../pipeline/text.js';

const SEED_MODEL = modelOf(SEED_TEXT).model;
const MARKED = { unknown: 'sentinel' } as const;
const NOT_STATED = { unknown: 'not stated' } as const;
const ABSENT = { unknown: 'section absent' } as const;

/** Every way a value can be unknown, each where the template can say it. */
const UNKNOWNS: DocumentDescription = {
  code: 'G0121',
  markedAddOn: false,
  title: NOT_STATED,
  summary: 'Screening overview.',
  payers: MARKED,
  billingOverview: MARKED,
  serviceType: NOT_STATED,
  sitesOfService: MARKED,
  clinicalVignette: MARKED,
  preoperativeWorkflow: NOT_STATED,
  intraoperativeWorkflow: 'colonoscopy.',
  postoperativeWorkflow: MARKED,
  modifiers: MARKED,
  taxonomies: NOT_STATED,
  diagnoses: [],
  relatedCodes: ABSENT,
};

describe('renderDocument', () => {
  it("writes the seed's model in the template style byte for byte as the seed", () => {
    expect(renderDocument(SEED_MODEL)).toBe(SEED_TEXT);
  });

  it('writes line endings, a byte-order mark and a final newline as the style says', () => {
    const style = { ...TEMPLATE_STYLE, lineEnding: '\r\n', byteOrderMark: true, finalNewline: true } as const;
    expect(renderDocument(SEED_MODEL, style)).toBe(`\uFEFF${SEED_TEXT.replaceAll('\n', '\r\n')}\r\n`);
  });

  it('writes each way of leaving a value unknown so that it reads back with its reason', () => {
    const text = renderDocument(UNKNOWNS);
    expect(text.split('\n')).toEqual([
      'Summary & Overview',
      'HCPCS G0121',
      'Screening overview.',
      '',
      'Data not available in the input.',
      'Billing Code Overview',
      'Data not available in the input.',
      'Service type:',
      'Typical site of service: Data not available in the input.',
      'Clinical & Coding Specifications',
      'Clinical Context',
      'Data not available in the input.',
      '',
      'Preoperative workflow includes Intraoperative workflow includes colonoscopy. Postoperative ' +
        'workflow includes Data not available in the input.',
      'Coding Specifications',
      '| Modifier | Description | When to Use |',
      '|---|---|---|',
      '| Data not available in the input. | Data not available in the input. | Data not available in the input. |',
      'Related Diagnoses',
      '| ICD-10 Code | Description | Clinical Relevance |',
      '|---|---|---|',
    ]);
    const { model, findings } = modelOf(text, 'seeds/hcpcs-G0121.txt');
    expect(withoutLocations(model)).toEqual(UNKNOWNS);
    expect(findings).toEqual([]);
  });

  it('places unknown sections and writes the title line first when the summary is not', () => {
    const text = renderDocument(
      { ...UNKNOWNS, summary: ABSENT, payers: ABSENT, title: 'Screening' },
      { ...TEMPLATE_STYLE, headings: 'markdown' },
      {
        unknownSections: [{ heading: 'Payment Policy Notes', paragraphs: ['Prior authorization is required.'], position: 0 }],
      },
    );
    expect(text.split('\n').slice(0, 5)).toEqual([
      'HCPCS G0121: Screening',
      '## Payment Policy Notes',
      'Prior authorization is required.',
      '## Billing Code Overview',
      'Data not available in the input.',
    ]);
  });

  it('refuses a description that no text of the template says', () => {
    expect(() => renderDocument({ ...UNKNOWNS, summary: ABSENT })).toThrow(
      'no text of the template says this: some values of the summary are "section absent", others not',
    );
    const withSentence = { ...UNKNOWNS, summary: 'Key payers covered in this analysis include Cigna and Humana.' };
    expect(() => renderDocument({ ...withSentence, payers: [{ value: 'Aetna' }] })).toThrow(
      'no text of the template says this: payers that are not the payer sentence of the summary: ' +
        '"Cigna and Humana." does not name ["Aetna"]',
    );
    expect(() => renderDocument({ ...withSentence, summary: 'Key payers covered in this analysis include:', payers: NOT_STATED })).toThrow(
      'payers not stated after a sentence that introduces them',
    );
    expect(() => renderDocument({ ...UNKNOWNS, modifiers: [{ code: '62', description: ABSENT, whenToUse: 'w' }] })).toThrow(
      'a value of an absent section where its section is there',
    );
  });
});
