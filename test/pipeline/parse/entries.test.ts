import { describe, expect, it } from 'vitest';
import { entriesOf, readEntryLine } from '../../../src/pipeline/parse/entries.js';

describe('readEntryLine', () => {
  it.each([
    ['25 — Significant E/M service: when a procedure is done', '25', ['Significant E/M service', 'when a procedure is done']],
    ['E11.42: Type 2 diabetes with polyneuropathy — new complaint', 'E11.42', ['Type 2 diabetes with polyneuropathy', 'new complaint']],
    ['Modifier 59 (Distinct procedural service) – when sites differ', 'Modifier 59', ['Distinct procedural service', 'when sites differ']],
    ['99213 - Office visit, low MDM', '99213', ['Office visit, low MDM']],
    ['+69990 | Operating microscope | add-on', '+69990', ['Operating microscope', 'add-on']],
  ] as const)('reads %j as its code and fields', (line, code, fields) => {
    expect(readEntryLine(line)).toEqual({ code, fields });
  });

  it('reads fields by their labels, and a code alone', () => {
    expect(readEntryLine('GP – Services under a plan of care. When to use: Required on every line.')).toEqual({
      code: 'GP',
      fields: ['Services under a plan of care', 'Required on every line.'],
    });
    expect(readEntryLine('-59 Distinct procedural service — when to use: separate wound')).toEqual({
      code: '-59',
      fields: ['Distinct procedural service', 'separate wound'],
    });
    expect(readEntryLine('G0438')).toEqual({ code: 'G0438', fields: [] });
    expect(readEntryLine('Emergency Medicine (207P00000X) — primary billing specialty')).toEqual({
      code: '207P00000X',
      fields: ['Emergency Medicine', 'primary billing specialty'],
    });
  });

  it('reads no entry in a sentence', () => {
    expect(readEntryLine('Report 96372 once per injection.')).toBeUndefined();
    expect(readEntryLine('The graft is harvested from the hip.')).toBeUndefined();
  });
});

describe('entriesOf', () => {
  it('makes a table of each run of one kind the section holds, and leaves the other lines', () => {
    const lines = [
      { line: 3, value: 'Modifiers used:' },
      { line: 4, value: '59 — Distinct procedural service: when sites differ' },
      { line: 5, value: '207X00000X — Orthopaedic Surgery: performs it' },
      { line: 6, value: 'G0283 — not a code this section holds' },
    ];
    const { tables, rest } = entriesOf(lines, 'coding');
    expect(tables).toEqual([
      {
        kind: 'modifiers',
        line: 4,
        header: ['Code', 'description', 'whenToUse'],
        codeColumn: 0,
        columns: { description: 1, whenToUse: 2 },
        rows: [{ line: 4, text: lines[1]!.value, cells: ['59', 'Distinct procedural service', 'when sites differ'] }],
      },
      {
        kind: 'taxonomies',
        line: 5,
        header: ['Code', 'specialty', 'notes'],
        codeColumn: 0,
        columns: { specialty: 1, notes: 2 },
        rows: [{ line: 5, text: lines[2]!.value, cells: ['207X00000X', 'Orthopaedic Surgery', 'performs it'] }],
      },
    ]);
    expect(rest).toEqual([lines[0], lines[3]]);
  });

  it('gives an entry the fields labelled on the lines after it, and reads entries between semicolons', () => {
    const nested = entriesOf(
      [
        { line: 1, value: 'G0438' },
        { line: 2, value: 'Descriptor: Annual wellness visit, initial' },
        { line: 3, value: 'Relationship: Must precede G0439.' },
      ],
      'relatedCodes',
    );
    expect(nested.tables.map((t) => t.rows.map((r) => r.cells))).toEqual([
      [['G0438', 'Annual wellness visit, initial', 'Must precede G0439.']],
    ]);
    expect(nested.used.map((u) => u.line)).toEqual([1, 2, 3]);
    const inline = entriesOf(
      [{ line: 7, value: 'RT (right side) - use for the right wrist; LT (left side) - use for the left' }],
      'coding',
    );
    expect(inline.tables.map((t) => t.rows.map((r) => r.cells))).toEqual([
      [
        ['RT', 'right side', 'use for the right wrist'],
        ['LT', 'left side', 'use for the left'],
      ],
    ]);
  });
});
