import { describe, expect, it } from 'vitest';
import { closestToTitle, isTitleKey, parseTitleLine } from '../../../src/pipeline/parse/title.js';

const title = (system: string, code: string, text: string | undefined, markedAddOn = false) => ({
  line: 1,
  system,
  code,
  title: text,
  markedAddOn,
});

describe('parseTitleLine', () => {
  it('reads the template title line for CPT and HCPCS codes', () => {
    expect(parseTitleLine('CPT 20956: Vascularized Graft', 2)).toEqual({ ...title('CPT', '20956', 'Vascularized Graft'), line: 2 });
    expect(parseTitleLine('HCPCS G0121: Colorectal cancer screening', 1)).toEqual(title('HCPCS', 'G0121', 'Colorectal cancer screening'));
    expect(parseTitleLine('CPT 0042T', 1)).toEqual(title('CPT', '0042T', undefined));
  });

  it.each([
    ['CPT® Code: 12345 – Debridement', title('CPT', '12345', 'Debridement')],
    ['CPT Code 12345 — Debridement', title('CPT', '12345', 'Debridement')],
    ['HCPCS Level II J1234: Injection, drug', title('HCPCS', 'J1234', 'Injection, drug')],
    ['# CPT 12345: Debridement', title('CPT', '12345', 'Debridement')],
    ['## **CPT 12345 - Debridement**', title('CPT', '12345', 'Debridement')],
    ['**CPT 12345:** Debridement', title('CPT', '12345', 'Debridement')],
    ['**CPT 12345**', title('CPT', '12345', undefined)],
    ['CPT +69990: Microsurgical techniques', title('CPT', '69990', 'Microsurgical techniques', true)],
    ['CPT 69990 (add-on code): Microsurgical techniques', title('CPT', '69990', 'Microsurgical techniques', true)],
  ])('reads %j', (line, expected) => {
    expect(parseTitleLine(line, 1)).toEqual(expected);
  });

  it('does not read a sentence about a code as its title line', () => {
    expect(parseTitleLine('CPT code 20956 denotes a surgical procedure.', 3)).toBeUndefined();
    expect(parseTitleLine('The CPT 20956 code is billed once.', 3)).toBeUndefined();
  });
});

describe('closestToTitle', () => {
  const lines = (...texts: string[]) => texts.map((text, i) => ({ number: i + 1, text }));

  it('is the first line that starts with CPT or HCPCS, else the first that names a code', () => {
    expect(closestToTitle(lines('Summary', 'Code 20956 is a graft.', 'CPT-20956 Graft'))).toEqual({ line: 3, value: 'CPT-20956 Graft' });
    expect(closestToTitle(lines('Summary', 'In 2024 it changed.', 'Code 20956 is a graft.'))).toEqual({
      line: 3,
      value: 'Code 20956 is a graft.',
    });
    expect(closestToTitle(lines('Summary', 'Nothing here.'))).toBeUndefined();
  });
});

describe('the code as a key', () => {
  it('reads `Code: CPT 29881` as a title line without its title, which a `Title:` key gives', () => {
    expect(parseTitleLine('Code: CPT 29881', 1)).toEqual({ line: 1, system: 'CPT', code: '29881', title: undefined, markedAddOn: false });
    expect(parseTitleLine('**Procedure code:** HCPCS E0601', 2)).toMatchObject({ system: 'HCPCS', code: 'E0601' });
    expect(parseTitleLine('Code: 29881', 1)).toBeUndefined();
    expect(parseTitleLine('**CPT® 27130 | Total hip arthroplasty**', 1)).toMatchObject({ code: '27130', title: 'Total hip arthroplasty' });
    expect(parseTitleLine('👁️ CPT 92014 – Ophthalmological services', 1)).toMatchObject({
      code: '92014',
      title: 'Ophthalmological services',
    });
    for (const codeOnly of ['(CPT 76700)', 'Billing Code Overview Report — CPT 58558', 'HCPCS Level II drug code J3301']) {
      expect(parseTitleLine(codeOnly, 1)).toMatchObject({ title: undefined });
    }
    expect(parseTitleLine('CPT 20552 reports the injection of trigger points.', 1)).toBeUndefined();
    expect(parseTitleLine('HCPCS L3908 (Wrist hand orthosis, prefabricated)', 1)).toMatchObject({
      code: 'L3908',
      title: 'Wrist hand orthosis, prefabricated',
    });
    expect(['Title', 'Code title', 'Name', 'Payer name'].map(isTitleKey)).toEqual([true, true, true, false]);
  });
});
