import { describe, expect, it } from 'vitest';
import { normalizeDocument } from '../../src/pipeline/normalize.js';
import { parseDocument } from '../../src/pipeline/parse/document.js';
import { validateDocument } from '../../src/pipeline/validate.js';
import { lineOf, SEED_TEXT, seedWith } from '../helpers.js';

const normalize = (text: string, path = 'seeds/cpt-20956.txt') => {
  const { model } = validateDocument(parseDocument(text).document);
  if (!model) throw new Error('the test document does not validate');
  return normalizeDocument(model, path);
};

describe('normalizeDocument on the seed', () => {
  const { rows, findings } = normalize(SEED_TEXT);

  it('keeps the first modifier 62 and reports the duplicate, quoting both lines', () => {
    expect(rows.lists.modifiers.map((m) => m.modifierCode)).toEqual(['62', '66', '50', '52', '53', '76', '78', '79', '58']);
    expect(rows.lists.modifiers.map((m) => m.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(findings).toEqual([
      {
        line: 21,
        severity: 'warning',
        rule: 'duplicate-row',
        message: expect.stringMatching(
          new RegExp(
            String.raw`^conflicting duplicate modifier 62 dropped; the first, line 16, is kept\. ` +
              String.raw`line 16: "62 \| Two surgeons \| When two surgeons .*"; ` +
              String.raw`line 21: "62 \| Two surgeons \| Duplicate entry removed in final use; see above\. \|"$`,
          ),
        ),
      },
    ]);
  });

  it("takes the descriptor from the document's own row, which is not a relationship", () => {
    expect(rows.procedure.statedDescriptor).toBe('Vascularized bone graft; includes harvest and microvascular anastomosis');
    expect(rows.procedure.statedDescriptorLine).toBe(36);
    expect(rows.lists.relatedCodes.map((r) => r.targetCode)).toEqual(['15738', '27299', '20955', '69990']);
    expect(rows.catalog.codes.map((c) => c.code)).toEqual(['20956', '15738', '27299', '20955', '69990']);
  });

  it('stores unknown values as NULL with an unknown_values row, never as the sentinel', () => {
    expect(rows.lists.modifiers.find((m) => m.modifierCode === '79')).toEqual({
      modifierCode: '79',
      position: 8,
      line: 24,
      whenToUse: null,
      statedDescription: null,
    });
    expect(rows.unknownValues).toEqual([
      { scope: 'record', itemKey: '20956', field: 'diagnoses', reason: 'sentinel', line: 32 },
      { scope: 'record', itemKey: '20956', field: 'taxonomies', reason: 'sentinel', line: 28 },
      { scope: 'modifiers', itemKey: '76', field: 'description', reason: 'sentinel', line: 22 },
      { scope: 'modifiers', itemKey: '76', field: 'whenToUse', reason: 'sentinel', line: 22 },
      { scope: 'modifiers', itemKey: '79', field: 'description', reason: 'sentinel', line: 24 },
      { scope: 'modifiers', itemKey: '79', field: 'whenToUse', reason: 'sentinel', line: 24 },
      { scope: 'modifiers', itemKey: '58', field: 'description', reason: 'sentinel', line: 25 },
      { scope: 'modifiers', itemKey: '58', field: 'whenToUse', reason: 'sentinel', line: 25 },
    ]);
    expect(rows.lists.diagnoses).toEqual([]);
    expect(rows.lists.taxonomies).toEqual([]);
  });

  it('makes one row per workflow phase, one per site, one per payer', () => {
    expect(rows.workflowSteps.map((s) => s.phase)).toEqual(['preoperative', 'intraoperative', 'postoperative']);
    expect(rows.names.sitesOfService).toEqual([
      { position: 1, site: 'Hospital operating room', line: 8 },
      { position: 2, site: 'ambulatory surgery center', line: 8 },
    ]);
    expect(rows.names.payers.map((p) => [p.payerName, p.line])).toEqual([
      ['Aetna', 4],
      ['Blue Cross Blue Shield', 4],
      ['Cigna Health', 4],
      ['UnitedHealthcare', 4],
      ['Medicare', 4],
    ]);
  });
});

describe('normalizeDocument on variations', () => {
  it('calls an identical repeated row an exact duplicate', () => {
    const text = seedWith((t) =>
      t.replace(
        '66 | Surgical team',
        '50 | Bilateral procedure | When the same procedure is performed on both left and right sides ' +
          'during the same operative session. |\n66 | Surgical team',
      ),
    );
    const { findings } = normalize(text);
    expect(findings[0]).toMatchObject({
      line: lineOf(text, '66 | Surgical team') + 1,
      rule: 'duplicate-row',
      message: expect.stringMatching(/^exact duplicate modifier 50 dropped; the first, line 17, is kept/),
    });
  });

  it('treats ICD-10 codes written with and without a dot as the same diagnosis', () => {
    const text = seedWith((t) =>
      t.replace(
        /(\| ICD-10 Code[^\n]*\n[^\n]*\n)[^\n]*\n/,
        '$1| M17.11 | Primary osteoarthritis, right knee | r |\n| M1711 | Primary osteoarthritis, right knee | r |\n',
      ),
    );
    const { rows, findings } = normalize(text);
    expect(rows.catalog.diagnoses).toEqual([{ code: 'M17.11', codeDotless: 'M1711' }]);
    expect(findings.map((f) => f.rule)).toEqual(['duplicate-row', 'duplicate-row']);
  });

  it('restores a NUCC code missing its trailing X, with a warning', () => {
    const text = seedWith((t) => t.replace(/(\| Taxonomy Code[^\n]*\n[^\n]*\n)[^\n]*\n/, '$1| 207X00000 | Orthopaedic Surgery | n |\n'));
    const { rows, findings } = normalize(text);
    expect(rows.lists.taxonomies).toMatchObject([{ taxonomyCode: '207X00000X', statedSpecialty: 'Orthopaedic Surgery', notes: 'n' }]);
    expect(findings).toContainEqual({
      line: lineOf(text, '207X00000'),
      severity: 'warning',
      rule: 'nucc-missing-x',
      message: 'taxonomy code 207X00000 lacks its trailing X; stored as 207X00000X',
    });
  });

  it('warns when the title code and the file name disagree', () => {
    expect(normalize(SEED_TEXT, 'seeds/cpt-20955.txt').findings).toContainEqual({
      line: 2,
      severity: 'warning',
      rule: 'title-file-mismatch',
      message: 'the title is for 20956 but the file name names 20955',
    });
  });

  it('marks the descriptor unknown when the own row is missing', () => {
    const { rows } = normalize(seedWith((t) => t.replace(/^20956 \|.*\n/m, '')));
    expect(rows.procedure.statedDescriptor).toBeNull();
    expect(rows.unknownValues).toContainEqual({ scope: 'record', itemKey: '20956', field: 'descriptor', reason: 'not stated', line: null });
  });
});
