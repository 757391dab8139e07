import { describe, expect, it } from 'vitest';
import { readLines } from '../../../src/pipeline/parse/lines.js';
import { isAlignmentRow, readTable, splitCells, tableKind } from '../../../src/pipeline/parse/tables.js';

const read = (text: string, section?: Parameters<typeof readTable>[2]) => readTable(readLines(text, []), 0, section);

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

  it('keeps empty cells between pipes, and drops only the edges', () => {
    expect(splitCells('62 | Two surgeons |  |')).toEqual(['62', 'Two surgeons', '']);
    expect(splitCells('|  | Two surgeons | |')).toEqual(['', 'Two surgeons', '']);
    expect(splitCells('62 | Two surgeons |')).toEqual(['62', 'Two surgeons']);
  });
});

describe('isAlignmentRow', () => {
  it('recognises alignment rows', () => {
    expect(isAlignmentRow('|---|---|---|')).toBe(true);
    expect(isAlignmentRow('|:---|---:|:-:|')).toBe(true);
    expect(isAlignmentRow('--- | ---')).toBe(true);
    expect(isAlignmentRow('| 62 | - |')).toBe(false);
  });
});

describe('tableKind', () => {
  it('tells the kind by the template headers and their synonyms', () => {
    expect(tableKind(['Modifier', 'Description', 'When to Use'])).toBe('modifiers');
    expect(tableKind(['Taxonomy Code', 'Specialty', 'Notes'])).toBe('taxonomies');
    expect(tableKind(['Taxonomy', 'Classification', 'Role'])).toBe('taxonomies');
    expect(tableKind(['ICD-10 Code', 'Description', 'Clinical Relevance'])).toBe('diagnoses');
    expect(tableKind(['ICD-10-CM Code', 'Description', 'Clinical Relevance'])).toBe('diagnoses');
    expect(tableKind(['CPT Code', 'Description', 'Relationship to This Procedure'])).toBe('relatedCodes');
    expect(tableKind(['CPT® Code', 'Description', 'Relationship'])).toBe('relatedCodes');
    expect(tableKind(['HCPCS Code', 'Description', 'Relationship'])).toBe('relatedCodes');
    expect(tableKind(['Payer', 'Policy'])).toBeUndefined();
  });

  it('reads all of the header, not its first cell: the code column may be anywhere', () => {
    expect(tableKind(['Description', 'Relationship', 'CPT Code'])).toBe('relatedCodes');
    expect(tableKind(['Specialty', 'Taxonomy Code', 'Notes'])).toBe('taxonomies');
  });

  it('decides a header of generic words by the section it stands in, and by its codes', () => {
    expect(tableKind(['Code', 'Meaning', 'When It Applies'], 'coding')).toBe('modifiers');
    expect(tableKind(['Code', 'Description', 'Relationship'], 'relatedCodes')).toBe('relatedCodes');
    expect(tableKind(['Code', 'Description', 'Clinical Relevance'], 'diagnoses')).toBe('diagnoses');
    expect(tableKind(['Code', 'Description', 'Notes'], 'coding')).toBeUndefined();
    expect(tableKind(['Code', 'Description', 'Notes'], 'coding', ['59', 'XS'])).toBe('modifiers');
    expect(tableKind(['Code', 'Description', 'Notes'], 'coding', ['207X00000X'])).toBe('taxonomies');
  });
});

describe('tableKind when the codes disagree', () => {
  it('reads the codes over a section that names another kind, when the header does not name one', () => {
    expect(tableKind(['Code', 'Description', 'Relationship'], 'diagnoses', ['97014', '97032'])).toBe('relatedCodes');
    expect(tableKind(['Code', 'Description', 'Notes'], 'relatedCodes', ['M54.50'])).toBe('diagnoses');
  });

  it('keeps the kind a header names, whose codes are then errors; and the section when any code fits it', () => {
    expect(tableKind(['Taxonomy Code', 'Specialty', 'Notes'], 'coding', ['12345'])).toBe('taxonomies');
    expect(tableKind(['Code', 'Description', 'Relevance'], 'diagnoses', ['97014', 'M54.50'])).toBe('diagnoses');
  });

  it('says so when it does', () => {
    const { table, findings } = read('Code | Description | Relationship\n--- | --- | ---\n97014 | Stim | Equivalent.', 'diagnoses');
    expect(table?.kind).toBe('relatedCodes');
    expect(findings).toEqual([
      {
        line: 1,
        severity: 'warning',
        rule: 'table-kind',
        message:
          'table "Code | Description | Relationship" stands where diagnoses tables do, ' +
          'but its codes ("97014") are written as relatedCodes codes are; read as relatedCodes',
      },
    ]);
  });
});

describe('readTable, fields and blank lines', () => {
  it('reads fields written across (keys as the header, one row of values) and an alignment row after a blank line', () => {
    const across = read('| Service type | Typical site of service |\n\n|---|---|\n| Diagnostic | Sleep center |');
    expect(across.table).toBeUndefined();
    expect(across.fields?.map((f) => [f.target, f.value])).toEqual([
      ['serviceType', 'Diagnostic'],
      ['sitesOfService', 'Sleep center'],
    ]);
  });

  it('reads a table of fields, reporting a row the template has no field for', () => {
    const { fields, findings } = read('Field | Value\n--- | ---\nService type | Surgical\nSetting | Office\nGlobal period | 90 days');
    expect(fields?.map((f) => f.target)).toEqual(['serviceType', 'sitesOfService']);
    expect(findings.map((f) => f.message)).toEqual([
      'field "Global period" is not part of the template and is not stored: "Global period | 90 days"',
    ]);
  });
});

describe('readTable', () => {
  it('finds the code column and each field by header words, and reports a column it does not know', () => {
    const { table, findings } = read(
      '| Meaning | When It Applies | Code | Frequency |\n|---|---|---|---|\n| Left side | Left knee. | LT | Common |',
      'coding',
    );
    expect(table).toMatchObject({ kind: 'modifiers', codeColumn: 2, columns: { description: 0, whenToUse: 1 } });
    expect(findings).toEqual([
      {
        line: 1,
        severity: 'warning',
        rule: 'unknown-column',
        message: 'column "Frequency" is not part of the template and is not stored; its values: "Common"',
      },
    ]);
  });

  it('goes on after a blank line when the next line is a row as wide as the header', () => {
    const text =
      '| Modifier | Description | When to Use |\n|---|---|---|\n| 62 | Two surgeons | When two. |\n\n| ' +
      '66 | Surgical team | When a team. |\n\n| ICD-10 Code | Description | Clinical Relevance |';
    const { table, next, accounts } = read(text);
    expect(table?.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [3, '62'],
      [5, '66'],
    ]);
    expect(next).toBe(5);
    expect(accounts.map((a) => [a.line, a.use, a.what])).toEqual([
      [1, 'structure', 'table header'],
      [2, 'structure', 'alignment row'],
      [3, 'value', 'modifiers'],
      [5, 'value', 'modifiers'],
    ]);
  });

  it('reads a sentinel or placeholder row of fewer cells as that row in every cell', () => {
    expect(
      read('| Taxonomy Code | Specialty | Notes |\n|---|---|---|\n| Data not available in the input. |').table?.rows[0]?.cells,
    ).toEqual(['Data not available in the input.', 'Data not available in the input.', 'Data not available in the input.']);
    expect(read('| Taxonomy Code | Specialty | Notes |\n|---|---|---|\n| N/A | N/A |').table?.rows[0]?.cells).toEqual([
      'N/A',
      'N/A',
      'N/A',
    ]);
  });

  it('reads inline Markdown in cells as plain text', () => {
    const { table } = read(
      '| **Modifier** | Description | When to Use |\n|---|---|---|\n| `59` | *Distinct* procedural ' +
        'service | **Data not available in the input.** |',
    );
    expect(table?.rows[0]?.cells).toEqual(['59', 'Distinct procedural service', 'Data not available in the input.']);
  });

  it('takes an alignment-like row after the first row as a row', () => {
    const { table } = read('| Modifier | Description | When to Use |\n|---|---|---|\n| 62 | Two | When |\n| - | - | - |');
    expect(table?.rows.map((r) => r.cells)).toEqual([
      ['62', 'Two', 'When'],
      ['-', '-', '-'],
    ]);
  });
});
