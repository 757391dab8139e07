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
});
