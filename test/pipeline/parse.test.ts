import { describe, expect, it } from 'vitest';
import {
  cleanLine,
  findPayerList,
  isAlignmentRow,
  looksLikeHeading,
  parseDocument,
  parseKeyValue,
  parseTitleLine,
  splitCells,
  splitWorkflows,
  tableKind,
} from '../../src/pipeline/parse.js';
import { SEED_TEXT } from '../helpers.js';

describe('splitCells', () => {
  it('reads rows with both, one or no edge pipes alike', () => {
    expect(splitCells('| 62 | Two surgeons | When |')).toEqual(['62', 'Two surgeons', 'When']);
    expect(splitCells('62 | Two surgeons | When |')).toEqual(['62', 'Two surgeons', 'When']);
    expect(splitCells('| 62 | Two surgeons | When')).toEqual(['62', 'Two surgeons', 'When']);
    expect(splitCells('62 | Two surgeons | When')).toEqual(['62', 'Two surgeons', 'When']);
  });

  it('reads an escaped pipe as a literal pipe inside a cell', () => {
    expect(splitCells('| 62 | A \\| B | C |')).toEqual(['62', 'A | B', 'C']);
  });

  it('keeps an empty last cell when the header width says it is one', () => {
    expect(splitCells('62 | Two surgeons |', 3)).toEqual(['62', 'Two surgeons', '']);
    expect(splitCells('62 | Two surgeons |', 2)).toEqual(['62', 'Two surgeons']);
  });
});

describe('table headers', () => {
  it('recognises alignment rows', () => {
    expect(isAlignmentRow('|---|---|---|')).toBe(true);
    expect(isAlignmentRow('|:---|---:|:-:|')).toBe(true);
    expect(isAlignmentRow('--- | ---')).toBe(true);
    expect(isAlignmentRow('| 62 | - |')).toBe(false);
  });

  it('tells the table kind by its first header cell', () => {
    expect(tableKind(['Modifier', 'Description', 'When to Use'])).toBe('modifiers');
    expect(tableKind(['Taxonomy Code', 'Specialty', 'Notes'])).toBe('taxonomies');
    expect(tableKind(['ICD-10 Code', 'Description', 'Clinical Relevance'])).toBe('diagnoses');
    expect(tableKind(['CPT Code', 'Description', 'Relationship to This Procedure'])).toBe('relatedCodes');
    expect(tableKind(['HCPCS Code', 'Description', 'Relationship'])).toBe('relatedCodes');
    expect(tableKind(['Payer', 'Policy'])).toBeUndefined();
  });
});

describe('lines', () => {
  it('turns tabs and no-break spaces into spaces and trims', () => {
    expect(cleanLine('\tService\u00A0type:  Surgical \t ')).toBe('Service type:  Surgical');
  });

  it('reads title lines for CPT and HCPCS codes', () => {
    expect(parseTitleLine('CPT 20956: Vascularized Graft', 2)).toEqual({ line: 2, system: 'CPT', code: '20956', title: 'Vascularized Graft' });
    expect(parseTitleLine('HCPCS G0121: Colorectal cancer screening', 1)).toMatchObject({ system: 'HCPCS', code: 'G0121' });
    expect(parseTitleLine('CPT 0042T', 1)).toEqual({ line: 1, system: 'CPT', code: '0042T', title: undefined });
    expect(parseTitleLine('CPT code 20956 denotes a surgical procedure.', 3)).toBeUndefined();
  });

  it('reads the template keys and reports others', () => {
    expect(parseKeyValue('Service type: Surgical')).toEqual({ key: 'Service type', field: 'serviceType', value: 'Surgical' });
    expect(parseKeyValue('Typical site of service: Office')).toMatchObject({ field: 'sitesOfService', value: 'Office' });
    expect(parseKeyValue('Global period: 90 days')).toEqual({ key: 'Global period', field: undefined, value: '90 days' });
    expect(parseKeyValue('The procedure involves removing bone graft material: see above')).toBeUndefined();
  });

  it('finds the payer list inside a prose sentence', () => {
    expect(findPayerList('Intro. Key payers covered in this analysis include Aetna, Cigna, and Medicare. Readers will find more.')).toEqual({
      list: 'Aetna, Cigna, and Medicare',
      index: 7,
    });
    expect(findPayerList('Key payers covered in this analysis include Data not available in the input.')?.list).toBe(
      'Data not available in the input',
    );
    expect(findPayerList('No payers here.')).toBeUndefined();
  });

  it('splits workflow sentences by phase', () => {
    expect(
      splitWorkflows('A case. Preoperative workflow includes a, b. Intraoperative workflow includes c. Postoperative workflow includes d.'),
    ).toEqual({
      before: 'A case.',
      phases: {
        preoperative: { text: 'a, b.', index: 8 },
        intraoperative: { text: 'c.', index: 45 },
        postoperative: { text: 'd.', index: 81 },
      },
    });
  });

  it('tells headings from prose', () => {
    expect(looksLikeHeading('Payment Policy Notes')).toBe(true);
    expect(looksLikeHeading('Coverage and Limitations')).toBe(true);
    expect(looksLikeHeading('The graft is harvested.')).toBe(false);
    expect(looksLikeHeading('62 | Two surgeons |')).toBe(false);
  });
});

describe('parseDocument on the seed', () => {
  const { document, findings } = parseDocument(SEED_TEXT);

  it('finds the title line', () => {
    expect(document.title).toEqual({
      line: 2,
      system: 'CPT',
      code: '20956',
      title: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
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
    expect(modifiers.rows[9]).toMatchObject({ line: 25, cells: ['58', 'Data not available in the input.', 'Data not available in the input.'] });
  });

  it('finds the key-value lines, the payer sentence and the three workflow phases', () => {
    expect(document.fields).toEqual({
      serviceType: { line: 7, value: 'Surgical — microvascular reconstructive bone grafting' },
      sitesOfService: { line: 8, value: 'Hospital operating room or ambulatory surgery center' },
    });
    expect(document.payerList).toEqual({ line: 4, value: 'Aetna, Blue Cross Blue Shield, Cigna Health, UnitedHealthcare, and Medicare' });
    expect(Object.keys(document.workflows)).toEqual(['preoperative', 'intraoperative', 'postoperative']);
    expect(document.workflows.intraoperative).toEqual({
      line: 12,
      value:
        'harvest of the vascularized iliac crest bone graft, preparation of the recipient site, microsurgical anastomosis of artery and vein under an operative microscope, and fixation of the graft to native bone.',
    });
    expect(document.sections.clinical?.paragraphs).toEqual([{ line: 11, value: expect.stringMatching(/^A 48-year-old male patient/) }]);
  });

  it('has nothing to report', () => {
    expect(findings).toEqual([]);
  });
});

describe('parseDocument on variations', () => {
  it('reports a row with the wrong number of cells as an error on its line', () => {
    const { findings } = parseDocument('CPT 20956: T\nCoding Specifications\n| Modifier | Description | When to Use |\n|---|---|---|\n62 | Two | When | extra |');
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
    const text = 'Summary & Overview\nCPT 20956: T\nA summary.\nPayment Policy Notes\nSome policy text.\nBilling Code Overview\nAn overview.';
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
    const { document } = parseDocument('Summary & Overview\nCPT 20956: T\nKey payers covered in this analysis include Aetna,\nCigna, and Medicare. More.');
    expect(document.payerList).toEqual({ line: 3, value: 'Aetna,\nCigna, and Medicare' });
  });
});
