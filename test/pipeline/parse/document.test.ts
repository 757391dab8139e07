import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/pipeline/parse/document.js';
import { SEED_TEXT } from '../../helpers.js';

describe('parseDocument on the seed', () => {
  const { document, findings } = parseDocument(SEED_TEXT);

  it('finds the title line', () => {
    expect(document.title).toEqual({
      line: 2,
      system: 'CPT',
      code: '20956',
      title: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
      markedAddOn: false,
    });
  });

  it('finds every table by its header, including one that follows another with no blank line', () => {
    expect(document.tables.map((t) => [t.kind, t.line, t.rows.length])).toEqual([
      ['modifiers', 14, 10],
      ['taxonomies', 26, 1],
      ['diagnoses', 30, 1],
      ['relatedCodes', 34, 5],
    ]);
  });

  it('reads rows without a leading pipe, with their line numbers', () => {
    const modifiers = document.tables[0]!;
    expect(modifiers.rows[0]).toMatchObject({ line: 16, cells: ['62', 'Two surgeons', expect.stringMatching(/^When two surgeons/)] });
    expect(modifiers.rows[9]).toMatchObject({
      line: 25,
      cells: ['58', 'Data not available in the input.', 'Data not available in the input.'],
    });
  });

  it('finds the key-value lines, the payer sentence and the three workflow phases', () => {
    expect(document.texts.serviceType).toEqual({ line: 7, value: 'Surgical — microvascular reconstructive bone grafting' });
    expect(document.names.sitesOfService).toEqual({
      line: 8,
      text: 'Hospital operating room or ambulatory surgery center',
      items: [
        { line: 8, value: 'Hospital operating room' },
        { line: 8, value: 'ambulatory surgery center' },
      ],
    });
    expect(document.names.payers).toEqual({
      line: 4,
      text: 'Aetna, Blue Cross Blue Shield, Cigna Health, UnitedHealthcare, and Medicare',
      items: ['Aetna', 'Blue Cross Blue Shield', 'Cigna Health', 'UnitedHealthcare', 'Medicare'].map((value) => ({ line: 4, value })),
    });
    expect(Object.keys(document.workflows)).toEqual(['preoperative', 'intraoperative', 'postoperative']);
    expect(document.workflows.intraoperative).toEqual({
      line: 12,
      value:
        'harvest of the vascularized iliac crest bone graft, preparation of the recipient site, microsurgical ' +
        'anastomosis of artery and vein under an operative microscope, and fixation of the graft to ' +
        'native bone.',
    });
    expect(document.sections.clinical?.paragraphs).toEqual([{ line: 11, value: expect.stringMatching(/^A 48-year-old male patient/) }]);
  });

  it('has nothing to report', () => {
    expect(findings).toEqual([]);
  });
});

describe('parseDocument on variations', () => {
  it('reports a row with the wrong number of cells as an error on its line', () => {
    const { findings } = parseDocument(
      'CPT 20956: T\nCoding Specifications\n| Modifier | Description | When to Use |\n|---|---|---|\n62 | Two | When | extra |',
    );
    expect(findings).toEqual([
      {
        line: 5,
        severity: 'error',
        rule: 'cell-count',
        message: 'table row has 4 cells but its header (line 3) has 3: "62 | Two | When | extra |"',
      },
    ]);
  });

  it('keeps an unknown section in a warning, and the sections around it', () => {
    const text =
      'Summary & Overview\nCPT 20956: T\nA summary.\nPayment Policy Notes\nSome policy text.\nBilling Code Overview\nAn overview.';
    const { document, findings } = parseDocument(text);
    expect(findings).toEqual([
      {
        line: 4,
        severity: 'warning',
        rule: 'unknown-heading',
        message: 'section "Payment Policy Notes" is not part of the template; its text is not stored: "Some policy text."',
      },
    ]);
    expect(document.sections.summary?.paragraphs).toEqual([{ line: 3, value: 'A summary.' }]);
    expect(document.sections.billing?.paragraphs).toEqual([{ line: 7, value: 'An overview.' }]);
  });

  it('takes markdown headings, bold headings and "and" for "&"', () => {
    const { document } = parseDocument('## Summary and Overview\nCPT 20956: T\n**Billing Code Overview**\nText.');
    expect(Object.keys(document.sections)).toEqual(['summary', 'billing']);
  });

  it('reports table rows that have no header', () => {
    const { findings } = parseDocument('CPT 20956: T\n62 | Two surgeons | When |');
    expect(findings).toMatchObject([{ line: 2, severity: 'warning', rule: 'row-outside-table' }]);
  });

  it('joins a paragraph wrapped over several lines, keeping its line breaks', () => {
    const { document } = parseDocument(
      'Summary & Overview\nCPT 20956: T\nKey payers covered in this analysis include Aetna,\nCigna, and Medicare. More.',
    );
    expect(document.names.payers).toEqual({
      line: 3,
      text: 'Aetna,\nCigna, and Medicare',
      items: [
        { line: 3, value: 'Aetna' },
        { line: 4, value: 'Cigna' },
        { line: 4, value: 'Medicare' },
      ],
    });
  });
});
