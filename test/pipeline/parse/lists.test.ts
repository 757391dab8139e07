import { describe, expect, it } from 'vitest';
import { findPayerList, listItem, splitList, splitWorkflows } from '../../../src/pipeline/parse/lists.js';

const itemsOf = (text: string, kind: 'payers' | 'sites') => splitList(text, kind).items.map((i) => i.text);

describe('listItem', () => {
  it('reads bullet and numbered list items, not emphasis or dashes', () => {
    expect(listItem('- Aetna')).toBe('Aetna');
    expect(listItem('* **Service type:** Surgical')).toBe('**Service type:** Surgical');
    expect(listItem('2. Pre-service: review')).toBe('Pre-service: review');
    expect(listItem('3) Medicare')).toBe('Medicare');
    expect(listItem('**Service type:** Surgical')).toBeUndefined();
    expect(listItem('-')).toBeUndefined();
    expect(listItem('—')).toBeUndefined();
  });
});

describe('findPayerList', () => {
  it('finds the list inside a prose sentence, and where it starts', () => {
    expect(findPayerList('Intro. Key payers covered in this analysis include Aetna, Cigna, and Medicare. Readers will find more.')).toEqual(
      {
        list: 'Aetna, Cigna, and Medicare',
        index: 51,
      },
    );
    expect(findPayerList('Key payers covered in this analysis include Data not available in the input.')?.list).toBe(
      'Data not available in the input',
    );
    expect(findPayerList('No payers here.')).toBeUndefined();
  });

  it('does not end the sentence at an abbreviation inside a name', () => {
    expect(findPayerList('Key payers include Acme Health Co. and Medicaid. More text.')?.list).toBe('Acme Health Co. and Medicaid');
    expect(findPayerList('Payers covered include Summit Care, Inc., Aetna, and U.S. Family Health Plan. More.')?.list).toBe(
      'Summit Care, Inc., Aetna, and U.S. Family Health Plan',
    );
    expect(findPayerList('Key payers include Aetna and Acme Health Co. Readers will find more.')?.list).toBe('Aetna and Acme Health Co.');
  });

  it('finds the openings generators write: a qualifier or a scope before include, are or a colon', () => {
    const lists = [
      'This overview covers the following payers: Medicare; Humana Inc.; and Kaiser Permanente. More.',
      'Payers addressed in this report are Aetna and Cigna.',
      'Covered payers: Aetna, Cigna.',
      'The health plans reviewed include Anthem and Molina.',
      'Key insurers are UnitedHealthcare and Aetna.',
      'Commercial payers include Aetna and Cigna.',
    ].map((text) => findPayerList(text)?.list);
    expect(splitList('the Centers for Medicare & Medicaid Services (CMS) and The Cigna Group', 'payers').items.map((i) => i.text)).toEqual([
      'Centers for Medicare & Medicaid Services (CMS)',
      'The Cigna Group',
    ]);
    expect(lists).toEqual([
      'Medicare; Humana Inc.; and Kaiser Permanente',
      'Aetna and Cigna',
      'Aetna, Cigna',
      'Anthem and Molina',
      'UnitedHealthcare and Aetna',
      'Aetna and Cigna',
    ]);
  });

  it('does not read a sentence about payers as their list', () => {
    expect(findPayerList('Payers are increasingly requiring prior authorization.')).toBeUndefined();
    expect(findPayerList('Coverage by payers varies widely. Most require documentation.')).toBeUndefined();
    expect(findPayerList('Many payers, including Medicare, cover it.')).toBeUndefined();
    expect(findPayerList('Commercial payers such as Aetna and Cigna cover it.')).toBeUndefined();
  });

  it('gives an empty list for a sentence that introduces list items', () => {
    expect(findPayerList('Key payers covered in this analysis include:')).toEqual({ list: '', index: 44 });
    expect(findPayerList('Key payers covered in this analysis include the following:')?.list).toBe('');
  });
});

describe('splitWorkflows, sentences that say when', () => {
  it('reads `Before the visit, …` sentences as phases, the opening kept, when two phases are said so', () => {
    const { before, phases } = splitWorkflows('A vignette. Before the visit, triage. During the visit, the exam. After the visit, notes.');
    expect(before).toBe('A vignette.');
    expect(phases.map((p) => [p.phase, p.text])).toEqual([
      ['preoperative', 'Before the visit, triage.'],
      ['intraoperative', 'During the visit, the exam.'],
      ['postoperative', 'After the visit, notes.'],
    ]);
    expect(splitWorkflows('After the procedure, the patient developed a fever.').phases).toEqual([]);
  });

  it('splits at `as well as`', () => {
    expect(splitList('Medicare and Medicaid, as well as Aetna', 'payers').items.map((i) => i.text)).toEqual([
      'Medicare',
      'Medicaid',
      'Aetna',
    ]);
  });
});

describe('splitList', () => {
  it('keeps the period of an abbreviation in a name, and reads the words that introduce examples as no item', () => {
    expect(
      splitList('Aetna Inc., Blue Cross Blue Shield Assn., U.S. Dept. of Veterans Affairs', 'payers').items.map((i) => i.text),
    ).toEqual(['Aetna Inc.', 'Blue Cross Blue Shield Assn.', 'U.S. Dept. of Veterans Affairs']);
    expect(splitList('Outpatient settings, e.g., hospital outpatient department or ASC', 'sites')).toEqual({
      items: [
        { text: 'Outpatient settings', offset: 0 },
        { text: 'hospital outpatient department', offset: 27 },
        { text: 'ASC', offset: 61 },
      ],
      fillers: ['e.g.'],
    });
  });

  it('splits payers on commas, semicolons and "and", the Oxford comma or not', () => {
    expect(itemsOf('Aetna, Blue Cross Blue Shield, Cigna Health, UnitedHealthcare, and Medicare', 'payers')).toEqual([
      'Aetna',
      'Blue Cross Blue Shield',
      'Cigna Health',
      'UnitedHealthcare',
      'Medicare',
    ]);
    expect(itemsOf('Aetna and Medicare', 'payers')).toEqual(['Aetna', 'Medicare']);
    expect(itemsOf('Aetna, Cigna and\nMedicare', 'payers')).toEqual(['Aetna', 'Cigna', 'Medicare']);
    expect(itemsOf('Anthem; Kaiser; Medicaid', 'payers')).toEqual(['Anthem', 'Kaiser', 'Medicaid']);
  });

  it('keeps company suffixes with their names', () => {
    expect(itemsOf('Acme Health Co. and Medicaid', 'payers')).toEqual(['Acme Health Co.', 'Medicaid']);
    expect(itemsOf('Aetna, Summit Care, Inc., and Northwind Health Plans, L.L.C.', 'payers')).toEqual([
      'Aetna',
      'Summit Care, Inc.',
      'Northwind Health Plans, L.L.C.',
    ]);
  });

  it('returns fillers that name no payer apart, to be reported', () => {
    expect(splitList('Aetna, and Medicaid, to name a few', 'payers')).toMatchObject({
      items: [{ text: 'Aetna' }, { text: 'Medicaid' }],
      fillers: ['to name a few'],
    });
    expect(splitList('Aetna, Cigna, etc.', 'payers')).toMatchObject({ items: [{ text: 'Aetna' }, { text: 'Cigna' }], fillers: ['etc.'] });
    expect(splitList('Aetna and Cigna etc', 'payers')).toMatchObject({ items: [{ text: 'Aetna' }, { text: 'Cigna' }], fillers: ['etc'] });
    expect(splitList('Aetna; Kaiser, among others', 'payers').fillers).toEqual(['among others']);
  });

  it('splits sites on "or", commas and semicolons, never inside parentheses, and not on "and"', () => {
    expect(itemsOf('Hospital operating room or ambulatory surgery center', 'sites')).toEqual([
      'Hospital operating room',
      'ambulatory surgery center',
    ]);
    expect(itemsOf('Office, outpatient hospital, or ASC', 'sites')).toEqual(['Office', 'outpatient hospital', 'ASC']);
    expect(itemsOf('Office; home.', 'sites')).toEqual(['Office', 'home']);
    expect(itemsOf('Hospital inpatient and outpatient', 'sites')).toEqual(['Hospital inpatient and outpatient']);
    expect(
      itemsOf('Office (POS 11, or 22 when hospital-based) or Ambulatory surgery center (e.g., freestanding or hospital-owned)', 'sites'),
    ).toEqual(['Office (POS 11, or 22 when hospital-based)', 'Ambulatory surgery center (e.g., freestanding or hospital-owned)']);
  });

  it('says where each item starts, for its line', () => {
    expect(splitList('Aetna,\nCigna', 'payers').items).toEqual([
      { text: 'Aetna', offset: 0 },
      { text: 'Cigna', offset: 7 },
    ]);
  });
});

describe('splitWorkflows', () => {
  it('splits workflow sentences by phase, in order', () => {
    expect(
      splitWorkflows('A case. Preoperative workflow includes a, b. Intraoperative workflow includes c. Postoperative workflow includes d.'),
    ).toEqual({
      before: 'A case.',
      phases: [
        { phase: 'preoperative', text: 'a, b.', index: 8 },
        { phase: 'intraoperative', text: 'c.', index: 45 },
        { phase: 'postoperative', text: 'd.', index: 81 },
      ],
    });
  });

  it('reads the phases by their other names', () => {
    expect(
      splitWorkflows('Pre-service: review. Intra-procedure workflow involves the graft. Post-service includes follow-up.').phases,
    ).toEqual([
      { phase: 'preoperative', text: 'review.', index: 0 },
      { phase: 'intraoperative', text: 'the graft.', index: 21 },
      { phase: 'postoperative', text: 'follow-up.', index: 66 },
    ]);
  });

  it('leaves prose that only mentions a phase in the vignette', () => {
    expect(splitWorkflows('Postoperative care includes pain control. The postoperative period is 90 days.').phases).toEqual([]);
  });
});
